/* SPDX-License-Identifier: GPL-2.0 */
/*
 * echo_iface.h - the interface of the demo service (tools/echo-service.c),
 * shared by its clients (examples/echo-client.c, the tests).
 *
 * Every request starts with an interface token for ECHO_IFACE (Android 9
 * or 10 layout, see bipc_put_interface_token()).  Errors are status-code
 * replies: -EPERM (wrong token), -EBADMSG (bad arguments), -EBADF (no fd),
 * or the error of the callback call.
 *
 *   ECHO_ECHO      any values and objects.  Reply: the same bytes and
 *                  objects (handles, binders and fds are passed back)
 *   ECHO_READ_FD   a file descriptor.  The service reads up to
 *                  ECHO_READ_MAX bytes from it.  Reply: int32 bytes read,
 *                  String16 the first line (non-ASCII bytes shown as '?')
 *   ECHO_CALLBACK  a binder (the callback), String16 message.  The service
 *                  calls the callback, before replying, with
 *                  ECHO_CB_NOTIFY: token ECHO_CB_IFACE, String16
 *                  "echo-service got: <message>"; the callback replies an
 *                  int32.  Reply: that int32
 *   INTERFACE_TRANSACTION  Reply: String16 ECHO_IFACE (as libbinder)
 */
#ifndef ECHO_IFACE_H
#define ECHO_IFACE_H

#define ECHO_SERVICE_NAME	"echo"
#define ECHO_IFACE		"binder_ipc.IEcho"
#define ECHO_CB_IFACE		"binder_ipc.IEchoCallback"

#define ECHO_ECHO		1u
#define ECHO_READ_FD		2u
#define ECHO_CALLBACK		3u
#define ECHO_CB_NOTIFY		1u

#define ECHO_READ_MAX		4096
#define ECHO_LINE_MAX		128

#endif /* ECHO_IFACE_H */
