#!/usr/bin/python3
"""html-table.py PAGE - the streams tables of an HTML report (-T html) as
TSV: a header line of the column names, then each row's cells (an absent
value, "-" in the page, is empty as in -T tsv), in the page's order."""
import sys
import xml.etree.ElementTree as ET

X = '{http://www.w3.org/1999/xhtml}'
root = ET.parse(sys.argv[1]).getroot()
head = None
for table in root.iter(X + 'table'):
    if table.get('class') != 'streams':
        continue
    names = [th.text for th in table.iter(X + 'th')]
    if head is None:
        head = names
        print('\t'.join(names))
    for tr in table.find(X + 'tbody'):
        cells = ['' if td.get('data-v') == '-1e300' else (td.text or '')
                 for td in tr]
        print('\t'.join(cells))
