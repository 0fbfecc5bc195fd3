/* test_communityid.c - SHA-1, base64 and the Community ID against
 * published values: FIPS 180's and RFC 3174's SHA-1 examples, RFC 4648's
 * base64 examples, and the reference data of the Community ID
 * specification (corelight/community-id-spec, baseline/baseline_deflt.json
 * and baseline_seed1.json), every row. */
#include "testlib.h"

#include <arpa/inet.h>
#include <stdio.h>

#include "communityid.h"

static void
hex(const unsigned char *d, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void
sha1_hex(const void *p, size_t n, size_t chunk, char out[41])
{
	struct sx_sha1 c;
	unsigned char d[SX_SHA1_LEN];
	const unsigned char *s = p;
	size_t k;

	sx_sha1_init(&c);
	for (k = 0; k < n; k += chunk)
		sx_sha1_update(&c, s + k, n - k < chunk ? n - k : chunk);
	sx_sha1_final(&c, d);
	hex(d, sizeof(d), out);
}

static void
test_sha1(void **state)
{
	static const struct {
		const char *in, *digest;
	} v[] = {
		{ "", "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
		{ "abc", "a9993e364706816aba3e25717850c26c9cd0d89d" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		  "a49b2446a02c645bf419f995b67091253a04a259" },
		{ "The quick brown fox jumps over the lazy dog",
		  "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12" },
	};
	char out[41];
	char *million;
	size_t i, chunk;

	(void)state;
	for (i = 0; i < SX_ARRAY_LEN(v); i++) {
		/* whole, and fed in pieces that straddle the blocks */
		for (chunk = 1; chunk <= 128; chunk = chunk * 3 + 1) {
			sha1_hex(v[i].in, strlen(v[i].in), chunk, out);
			assert_string_equal(out, v[i].digest);
		}
		sha1_hex(v[i].in, strlen(v[i].in), 1000, out);
		assert_string_equal(out, v[i].digest);
	}
	/* FIPS 180's third example: a million 'a' */
	million = malloc(1000000);
	assert_non_null(million);
	memset(million, 'a', 1000000);
	sha1_hex(million, 1000000, 4097, out);
	assert_string_equal(out, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	free(million);
}

static void
test_base64(void **state)
{
	static const char *const v[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
		{ "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	static const unsigned char all[3] = { 0xfb, 0xff, 0xbf };
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < SX_ARRAY_LEN(v); i++) {
		assert_int_equal(sx_base64((const unsigned char *)v[i][0],
		    strlen(v[i][0]), out), strlen(v[i][1]));
		assert_string_equal(out, v[i][1]);
	}
	/* the two last characters of the alphabet */
	sx_base64(all, 3, out);
	assert_string_equal(out, "+/+/");
}

/* One row of the specification's reference data; sport < 0: none. */
struct cid_row {
	int proto;
	const char *saddr, *daddr;
	int sport, dport;
	const char *deflt, *seed1;
};

static const struct cid_row rows[] = {
	{ 58, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea", 135, 136,
	  "1:dGHyGvjMfljg6Bppwm3bg0LO8TY=", "1:kHa1FhMYIT6Ym2Vm2AOtoOARDzY=" },
	{ 58, "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", 136, 135,
	  "1:dGHyGvjMfljg6Bppwm3bg0LO8TY=", "1:kHa1FhMYIT6Ym2Vm2AOtoOARDzY=" },
	{ 58, "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", 135, 136,
	  "1:zavyT/cezQr1fmImYCwYnMXbgck=", "1:2hSqmsDZ2kdcY9kbiUzOEBic0iM=" },
	{ 58, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea", 136, 135,
	  "1:zavyT/cezQr1fmImYCwYnMXbgck=", "1:2hSqmsDZ2kdcY9kbiUzOEBic0iM=" },
	{ 58, "3ffe:501:1800:2345::2", "3ffe:507:0:1:200:86ff:fe05:80da", 3, 0,
	  "1:2ObVBgIn28oZvibYZhZMBgh7WdQ=", "1:lVEtCZpYu84Xqaa++3lXFyuu2n4=" },
	{ 58, "3ffe:501:410:0:2c0:dfff:fe47:33e",
	  "3ffe:507:0:1:200:86ff:fe05:80da", 1, 4,
	  "1:hLZd0XGWojozrvxqE0dWB1iM6R0=", "1:W8MHwXpWzpoSTD+cGcaJr4u0ys8=" },
	{ 58, "3ffe:507:0:1:200:86ff:fe05:80da", "3ffe:501:0:1001::2", 128, 129,
	  "1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=", "1:GfZxjAkDk2MkegpBYHV6tadtFXQ=" },
	{ 58, "3ffe:501:0:1001::2", "3ffe:507:0:1:200:86ff:fe05:80da", 129, 128,
	  "1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=", "1:GfZxjAkDk2MkegpBYHV6tadtFXQ=" },
	{ 58, "fe80::200:86ff:fe05:80da", "ff02::2", 133, 134,
	  "1:hO+sN4H+MG5MY/8hIrXPqc4ZQz0=", "1:L7Ka0ZMYu+J3bL4ulW2PrqyXNo8=" },
	{ 58, "fe80::260:97ff:fe07:69ea", "ff02::1", 134, 133,
	  "1:pkvHqCL88/tg1k4cPigmZXUtL00=", "1:K/ee5UCqAMAQXDorP5nSa2CGLjc=" },
	{ 1, "192.168.0.89", "192.168.0.1", 8, 0,
	  "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=", "1:03g6IloqVBdcZlPyX8r0hgoE7kA=" },
	{ 1, "192.168.0.1", "192.168.0.89", 0, 8,
	  "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=", "1:03g6IloqVBdcZlPyX8r0hgoE7kA=" },
	{ 1, "10.0.0.1", "10.0.0.2", 11, 0,
	  "1:YHxtAirCG//0OzkcVAukqKQN9xM=", "1:XjUibYHaafLQ3pxQeiMI8g25q20=" },
	{ 6, "2001:470:e5bf:dead:4957:2174:e82c:4887", "2607:f8b0:400c:c03::1a",
	  63943, 25,
	  "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=", "1:eJYTW6AOzFLlSUoESovMjnu7rMw=" },
	{ 6, "2607:f8b0:400c:c03::1a", "2001:470:e5bf:dead:4957:2174:e82c:4887",
	  25, 63943,
	  "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=", "1:eJYTW6AOzFLlSUoESovMjnu7rMw=" },
	{ 132, "192.168.170.8", "192.168.170.56", 7, 7,
	  "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=", "1:5w3ZRjeKBzqT3zsaEECDGjUbYeg=" },
	{ 132, "192.168.170.56", "192.168.170.8", 7, 7,
	  "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=", "1:5w3ZRjeKBzqT3zsaEECDGjUbYeg=" },
	{ 6, "128.232.110.120", "66.35.250.204", 34855, 80,
	  "1:LQU9qZlK+B5F3KDmev6m5PMibrg=", "1:3V71V58M3Ksw/yuFALMcW0LAHvc=" },
	{ 6, "66.35.250.204", "128.232.110.120", 80, 34855,
	  "1:LQU9qZlK+B5F3KDmev6m5PMibrg=", "1:3V71V58M3Ksw/yuFALMcW0LAHvc=" },
	{ 17, "192.168.1.52", "8.8.8.8", 54585, 53,
	  "1:d/FP5EW3wiY1vCndhwleRRKHowQ=", "1:Q9We8WO3piVF8yEQBNJF4uiSVrI=" },
	{ 17, "8.8.8.8", "192.168.1.52", 53, 54585,
	  "1:d/FP5EW3wiY1vCndhwleRRKHowQ=", "1:Q9We8WO3piVF8yEQBNJF4uiSVrI=" },
	{ 46, "10.1.12.1", "10.1.12.2", -1, -1,
	  "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=", "1:rYir8gphR31noO9iDRQmF/BteEI=" },
	{ 46, "10.1.12.2", "10.1.12.1", -1, -1,
	  "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=", "1:rYir8gphR31noO9iDRQmF/BteEI=" },
};

static void
test_reference_data(void **state)
{
	unsigned char sa[16], da[16];
	struct sx_cid_end a, b;
	char out[SX_COMMUNITY_ID_LEN + 1];
	size_t i;
	int af;

	(void)state;
	for (i = 0; i < SX_ARRAY_LEN(rows); i++) {
		af = strchr(rows[i].saddr, ':') ? 6 : 4;
		assert_int_equal(inet_pton(af == 4 ? AF_INET : AF_INET6,
		    rows[i].saddr, sa), 1);
		assert_int_equal(inet_pton(af == 4 ? AF_INET : AF_INET6,
		    rows[i].daddr, da), 1);
		a.addr = sa;
		b.addr = da;
		a.port = (uint16_t)(rows[i].sport < 0 ? 0 : rows[i].sport);
		b.port = (uint16_t)(rows[i].dport < 0 ? 0 : rows[i].dport);
		assert_int_equal(sx_community_id(0, af, &a, &b,
		    (uint8_t)rows[i].proto, rows[i].sport >= 0, out), 0);
		assert_string_equal(out, rows[i].deflt);
		assert_int_equal(strlen(out), SX_COMMUNITY_ID_LEN);
		assert_int_equal(sx_community_id(1, af, &a, &b,
		    (uint8_t)rows[i].proto, rows[i].sport >= 0, out), 0);
		assert_string_equal(out, rows[i].seed1);
	}
}

/* The spec's own example of the order: both directions give the
 * sequence 10.0.0.1, 127.0.0.1, 1234, 80; a seed changes the ID; equal
 * addresses are ordered by port; no address family, no ID. */
static void
test_order(void **state)
{
	static const unsigned char lo[4] = { 10, 0, 0, 1 };
	static const unsigned char hi[4] = { 127, 0, 0, 1 };
	struct sx_cid_end a = { lo, 1234 }, b = { hi, 80 };
	struct sx_cid_end c = { lo, 80 }, d = { lo, 1234 };
	char x[SX_COMMUNITY_ID_LEN + 1], y[SX_COMMUNITY_ID_LEN + 1];

	(void)state;
	sx_community_id(0, 4, &a, &b, 6, 1, x);
	sx_community_id(0, 4, &b, &a, 6, 1, y);
	assert_string_equal(x, y);
	sx_community_id(65535, 4, &a, &b, 6, 1, y);
	assert_string_not_equal(x, y);
	sx_community_id(0, 4, &c, &d, 6, 1, x);
	sx_community_id(0, 4, &d, &c, 6, 1, y);
	assert_string_equal(x, y);
	assert_int_equal(sx_community_id(0, 0, &a, &b, 6, 1, x), -1);
	assert_string_equal(x, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha1),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_reference_data),
		cmocka_unit_test(test_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
