// SPDX-License-Identifier: GPL-2.0
/*
 * utf16.c - UTF-8 <-> UTF-16 conversion for String16 values.
 *
 * Both directions are strict: unpaired surrogates, overlong UTF-8 forms,
 * UTF-8-encoded surrogates and code points past U+10FFFF are rejected
 * with -EILSEQ, so a converted name can always be converted back.
 */

#include <errno.h>

#include "binderipc.h"

static bool is_high_surrogate(uint16_t u)
{
	return u >= 0xd800 && u <= 0xdbff;
}

static bool is_low_surrogate(uint16_t u)
{
	return u >= 0xdc00 && u <= 0xdfff;
}

bool bipc_utf16_valid(const uint16_t *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (is_low_surrogate(s[i]))
			return false;
		if (!is_high_surrogate(s[i]))
			continue;
		if (i + 1 >= len || !is_low_surrogate(s[i + 1]))
			return false;
		i++;
	}
	return true;
}

/* Encode @cp as UTF-8 at @out + *pos, keeping room for a NUL. */
static int put_utf8(uint32_t cp, char *out, size_t size, size_t *pos)
{
	uint8_t b[4];
	size_t n, i;

	if (cp < 0x80) {
		b[0] = (uint8_t)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (uint8_t)(0xc0 | (cp >> 6));
		b[1] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (uint8_t)(0xe0 | (cp >> 12));
		b[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (uint8_t)(0xf0 | (cp >> 18));
		b[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 4;
	}
	if (*pos + n + 1 > size)
		return -ENOSPC;
	for (i = 0; i < n; i++)
		out[(*pos)++] = (char)b[i];
	return 0;
}

ssize_t bipc_utf16_to_utf8(const uint16_t *s, size_t len, char *out, size_t size)
{
	size_t i, pos = 0;
	uint32_t cp;
	int ret;

	if (!size)
		return -ENOSPC;
	out[0] = 0;
	for (i = 0; i < len; i++) {
		cp = s[i];
		if (is_low_surrogate(s[i]))
			return -EILSEQ;
		if (is_high_surrogate(s[i])) {
			if (i + 1 >= len || !is_low_surrogate(s[i + 1]))
				return -EILSEQ;
			cp = 0x10000 + (((cp - 0xd800) << 10) | (s[i + 1] - 0xdc00u));
			i++;
		}
		ret = put_utf8(cp, out, size, &pos);
		if (ret)
			return ret;
	}
	out[pos] = 0;
	return (ssize_t)pos;
}

/*
 * Decode one UTF-8 sequence at @s; returns its length (>= 1) and sets
 * *cp, or -EILSEQ.
 */
static int get_utf8(const uint8_t *s, uint32_t *cp)
{
	static const uint32_t min_cp[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	int n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		*cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		*cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		*cp = s[0] & 0x07;
	} else {
		return -EILSEQ;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)	/* also stops at the NUL */
			return -EILSEQ;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	if (*cp < min_cp[n] || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return -EILSEQ;
	return n;
}

ssize_t bipc_utf8_to_utf16(const char *s, uint16_t *out, size_t max_units)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t units = 0;
	uint32_t cp;
	int n;

	while (*p) {
		n = get_utf8(p, &cp);
		if (n < 0)
			return n;
		p += n;
		if (cp < 0x10000) {
			if (units + 1 > max_units)
				return -ENOSPC;
			out[units++] = (uint16_t)cp;
		} else {
			if (units + 2 > max_units)
				return -ENOSPC;
			cp -= 0x10000;
			out[units++] = (uint16_t)(0xd800 + (cp >> 10));
			out[units++] = (uint16_t)(0xdc00 + (cp & 0x3ff));
		}
	}
	return (ssize_t)units;
}
