/* version.h - streamxpert's version. */
#ifndef SX_VERSION_H
#define SX_VERSION_H

#define SX_VERSION "0.1.0"

#endif
