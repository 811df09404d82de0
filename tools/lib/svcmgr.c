// SPDX-License-Identifier: GPL-2.0
/*
 * svcmgr.c - client side of the classic android.os.IServiceManager
 * protocol (handle 0), as Android 10's libbinder speaks it, and the
 * INTERFACE_TRANSACTION every libbinder object answers.
 */

#include <errno.h>
#include <string.h>

#include "bipc_internal.h"

/* Start a request to servicemanager: header and, if given, a name. */
static int sm_request(struct bipc_parcel *p, const char *name)
{
	bipc_parcel_init(p);
	bipc_put_interface_token(p, BIPC_SM_IFACE);
	if (name)
		bipc_put_string16(p, name);
	return bipc_parcel_error(p);
}

/*
 * Call servicemanager and free @req: -errno if the call failed, else 0
 * with *@status set (0: @reply holds the data reply).
 */
static int sm_call(struct bipc *b, uint32_t code, struct bipc_parcel *req,
		   struct bipc_parcel *reply, int32_t *status)
{
	int ret = bipc_transact(b, 0, code, 0, req, reply, status);

	bipc_parcel_free(req);
	return ret;
}

int bipc_sm_add(struct bipc *b, const char *name, struct bipc_object *obj)
{
	struct bipc_parcel req, reply;
	int32_t exception = -EBADMSG, status;
	int ret = sm_request(&req, name);

	bipc_put_binder(&req, obj);
	bipc_put_i32(&req, 0);				/* allow_isolated */
	bipc_put_u32(&req, BIPC_DUMP_PRIORITY_DEFAULT);	/* dumpsys priority */
	if (ret || bipc_parcel_error(&req)) {
		ret = bipc_parcel_error(&req);
		bipc_parcel_free(&req);
		return ret;
	}
	ret = sm_call(b, BIPC_SM_ADD_SERVICE, &req, &reply, &status);
	if (ret || status)
		return ret ? ret : -EREMOTEIO;
	bipc_get_i32(&reply, &exception);	/* readExceptionCode(): 0 */
	bipc_parcel_free(&reply);
	return exception ? -EREMOTEIO : 0;
}

int bipc_sm_check(struct bipc *b, const char *name, uint32_t *handle)
{
	struct bipc_parcel req, reply;
	int32_t status;
	int ret = sm_request(&req, name);

	if (ret) {
		bipc_parcel_free(&req);
		return ret;
	}
	ret = sm_call(b, BIPC_SM_CHECK_SERVICE, &req, &reply, &status);
	if (ret || status)
		return ret ? ret : -EREMOTEIO;
	/* Not found: a bare uint32 0, which reads as a null binder. */
	if (!bipc_parcel_objects(&reply)) {
		bipc_parcel_free(&reply);
		return -ENOENT;
	}
	ret = bipc_get_handle(&reply, handle);
	if (!ret)
		ret = bipc_acquire(b, *handle);	/* before the buffer's own ref goes */
	bipc_parcel_free(&reply);
	return ret;
}

int bipc_sm_list(struct bipc *b, uint32_t index, char *buf, size_t size)
{
	struct bipc_parcel req, reply;
	int32_t status;
	int ret = sm_request(&req, NULL);

	bipc_put_u32(&req, index);
	bipc_put_u32(&req, BIPC_DUMP_PRIORITY_ALL);
	if (ret || bipc_parcel_error(&req)) {
		ret = bipc_parcel_error(&req);
		bipc_parcel_free(&req);
		return ret;
	}
	ret = sm_call(b, BIPC_SM_LIST_SERVICES, &req, &reply, &status);
	if (ret)
		return ret;
	if (status)
		return -ENOENT;		/* the classic answer past the end: status -1 */
	ret = bipc_get_string16_utf8(&reply, buf, size);
	bipc_parcel_free(&reply);
	return ret;
}

int bipc_interface_of(struct bipc *b, uint32_t handle, char *buf, size_t size)
{
	struct bipc_parcel req, reply;
	int32_t status = 0;
	int ret;

	if (size)
		buf[0] = 0;
	bipc_parcel_init(&req);
	ret = bipc_transact(b, handle, BIPC_INTERFACE_TRANSACTION, 0, &req, &reply, &status);
	bipc_parcel_free(&req);
	if (ret)
		return ret;
	if (status)
		return 0;
	ret = bipc_get_string16_utf8(&reply, buf, size);
	bipc_parcel_free(&reply);
	return ret == -ENOENT ? 0 : ret;
}
