// SPDX-License-Identifier: GPL-2.0
/*
 * ABI probe for the binderfs uapi header, built and compared like probe.c
 * (tests/abi/run.sh): -DABI_OURS against uapi/linux/android/binderfs.h,
 * without against the system <linux/android/binderfs.h>.  Only this header
 * is included, so the probe also checks that it brings the binder protocol
 * header with it, as upstream's does.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <linux/android/binderfs.h>

#ifdef ABI_OURS
# ifndef _UAPI_LINUX_BINDERFS_H
#  error "ABI_OURS build did not pick up uapi/linux/android/binderfs.h"
# endif
#else
# ifdef _UAPI_LINUX_BINDERFS_H
#  error "reference build picked up our header instead of the system one"
# endif
#endif

static void out(const char *name, const char *what, unsigned long long v)
{
	printf("%s %s=0x%llx\n", name, what, v);
}

#define MEMBER(T, f)	(((T *)0)->f)
#define IS_SIGNED(T, f)	((__typeof__(MEMBER(T, f)))-1 < (__typeof__(MEMBER(T, f)))0)
#define C(x)		out(#x, "value", (unsigned long long)(x))
#define S(T)		(out(#T, "size", sizeof(T)), out(#T, "align", __alignof__(T)))
#define F(T, f)		(out(#T "." #f, "offset", offsetof(T, f)), \
			 out(#T "." #f, "size", sizeof(MEMBER(T, f))), \
			 out(#T "." #f, "signed", IS_SIGNED(T, f)))
#define A(T, f)		(out(#T "." #f, "offset", offsetof(T, f)), \
			 out(#T "." #f, "size", sizeof(MEMBER(T, f))))
/* Object-like macros, as upstream's (clients may test them with #ifdef). */
#define STR_(x)		#x
#define STR(x)		STR_(x)
#define MACRO(x)	out(#x, "is_macro", strcmp(STR(x), #x) != 0)

int main(void)
{
	MACRO(BINDERFS_MAX_NAME);
	C(BINDERFS_MAX_NAME);
	MACRO(BINDER_CTL_ADD);
	C(BINDER_CTL_ADD);

	S(struct binderfs_device);
	A(struct binderfs_device, name);
	F(struct binderfs_device, name[0]);
	F(struct binderfs_device, major);
	F(struct binderfs_device, minor);

	/* Brought by binderfs.h: the protocol header. */
	C(BINDER_VERSION);
	C(BINDER_CURRENT_PROTOCOL_VERSION);
	S(struct binder_version);
	return 0;
}
