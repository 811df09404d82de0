// SPDX-License-Identifier: GPL-2.0
/*
 * Self-test of the receive-buffer allocator, run at module load on request.
 *
 * It drives private allocators that have no user mapping (mm == NULL: pages
 * are allocated but inserted nowhere) at a made-up user address, so it
 * needs no process and runs before any device exists.
 *
 * The main part allocates five buffers whose ends fall at chosen places
 * relative to page boundaries (in the middle of the page where the previous
 * buffer ends, on the next boundary, in the middle of the next page, ...),
 * packed at the start of the mapping or at its end, and frees them in every
 * one of the 5! orders (one layout) or in a few orders (the others).  After
 * each step it checks the state of every page against the buffers that are
 * live: pages under a live buffer are present and off the LRU, pages used
 * before are on the LRU, pages never used are absent.  In the few-orders
 * cases it then allocates the same sizes again in reverse order, which
 * must take every page from the LRU, and frees them again.  Every case ends
 * by reclaiming everything with binder_alloc_shrink_all().
 *
 * Smaller tests cover size overflow, running out of space, the async space
 * and oneway spam detection, double frees, the copy helpers and teardown
 * with live buffers.  Object counters must balance at the end.
 *
 * A shrinker running because of real memory pressure may free LRU pages
 * behind the test's back; the page checks notice this through the page
 * counter and then accept an absent page where an unused one was expected.
 */

#include <linux/bitmap.h>
#include <linux/err.h>
#include <linux/limits.h>
#include <linux/list_lru.h>
#include <linux/mm.h>
#include <linux/rbtree.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include "binder_internal.h"

#define ST_BUFFERS	5
#define ST_PAGES	12
#define ST_BASE		0x10000UL
#define ST_SIZE		(ST_PAGES * PAGE_SIZE)
/* A step inside a page; ST_BUFFERS of them still fit in one page. */
#define ST_STEP		(PAGE_SIZE / 8)

/* Where a buffer ends, relative to the end of the previous one. */
enum st_end {
	ST_END_SAME_PAGE,	/* in the page where the previous one ends */
	ST_END_BOUNDARY,	/* on the first page boundary after it */
	ST_END_NEXT_PAGE,	/* in the page after that boundary */
	ST_END_NEXT_BOUNDARY,	/* on the boundary after that */
	ST_END_LATER_PAGE,	/* in the page after that */
	ST_END_COUNT,
};

/*
 * Layout 0 runs with every free order: it has a page shared by three
 * buffers, a buffer over three pages with neither end aligned and a buffer
 * ending on a boundary.  The others, every rotation of the five kinds of
 * end (so each position meets each kind) and five buffers in one page, run
 * with the few free orders of st_orders[].  Each allocation costs about
 * 0.1 ms on a KASAN and kmemleak kernel under TCG, hence the split.
 */
static const u8 st_layouts[][ST_BUFFERS] = {
	{ ST_END_SAME_PAGE, ST_END_NEXT_PAGE, ST_END_SAME_PAGE,
	  ST_END_LATER_PAGE, ST_END_BOUNDARY },
	{ 0, 1, 2, 3, 4 },
	{ 1, 2, 3, 4, 0 },
	{ 2, 3, 4, 0, 1 },
	{ 3, 4, 0, 1, 2 },
	{ 4, 0, 1, 2, 3 },
	{ 0, 0, 0, 0, 0 },
};

static const u8 st_orders[][ST_BUFFERS] = {
	{ 0, 1, 2, 3, 4 },
	{ 4, 3, 2, 1, 0 },
	{ 2, 1, 3, 0, 4 },
	{ 0, 2, 4, 1, 3 },
	{ 3, 1, 4, 0, 2 },
};

/**
 * struct st_ctx - state of the self-test
 * @alloc:         the allocator under test
 * @buffers:       live buffers by size index, NULL once freed
 * @sizes:         buffer sizes of the current layout, multiples of 8
 * @order:         free order of the current case: indices into @sizes
 * @used:          pages some buffer covered since the last reclaim
 * @pages_deleted: BINDER_STAT_PAGE deletions when @used was last exact
 * @phase:         test being run, for messages
 * @layout:        current layout, for messages
 * @back:          buffers packed at the end of the mapping
 * @cases:         cases run
 * @failed:        a check failed; stop
 */
struct st_ctx {
	struct binder_alloc *alloc;
	struct binder_buffer *buffers[ST_BUFFERS];
	size_t sizes[ST_BUFFERS];
	unsigned int order[ST_BUFFERS];
	DECLARE_BITMAP(used, ST_PAGES);
	long pages_deleted;
	const char *phase;
	unsigned int layout;
	bool back;
	unsigned int cases;
	bool failed;
};

static __printf(2, 3) void st_fail(struct st_ctx *t, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_err("alloc self-test: case %u (%s) failed: %pV\n", t->cases,
	       t->phase, &vaf);
	va_end(args);
	t->failed = true;
	if (strcmp(t->phase, "layouts"))
		return;
	pr_err("alloc self-test: layout %u%s sizes %zu %zu %zu %zu %zu free order %u %u %u %u %u\n",
	       t->layout, t->back ? " (back)" : "",
	       t->sizes[0], t->sizes[1], t->sizes[2], t->sizes[3], t->sizes[4],
	       t->order[0], t->order[1], t->order[2], t->order[3], t->order[4]);
}

/* Evaluates to @cond; reports a failure when it is false. */
#define ST_EXPECT(t, cond, fmt, ...)					\
	({								\
		bool __ok = (cond);					\
		if (!__ok)						\
			st_fail(t, fmt, ##__VA_ARGS__);			\
		__ok;							\
	})

static long st_stat(enum binder_stat_type type, bool deleted)
{
	return atomic_long_read(deleted ? &binder_obj_stats.deleted[type] :
					  &binder_obj_stats.created[type]);
}

/* ---- a private allocator without a vma -------------------------------- */

/* What binder_alloc_mmap() does, minus the vma. */
static int st_map(struct binder_alloc *alloc, size_t npages)
{
	int ret = binder_alloc_setup(alloc, ST_BASE, npages * PAGE_SIZE);

	if (!ret)
		WRITE_ONCE(alloc->mapped, true);
	return ret;
}

/* An allocator with no mm, mapped over @npages pages unless 0. */
static struct binder_alloc *st_alloc_create(size_t npages)
{
	struct binder_alloc *alloc;

	alloc = kzalloc(sizeof(*alloc), GFP_KERNEL);
	if (!alloc)
		return NULL;
	binder_alloc_init(alloc);
	if (alloc->mm) {
		mmdrop(alloc->mm);
		alloc->mm = NULL;
	}
	if (npages && st_map(alloc, npages)) {
		binder_alloc_release(alloc);
		kfree(alloc);
		return NULL;
	}
	return alloc;
}

static void st_alloc_destroy(struct binder_alloc *alloc)
{
	binder_alloc_release(alloc);
	kfree(alloc);
}

/* ---- page state checks ------------------------------------------------ */

static bool st_page_covered(struct st_ctx *t, unsigned long page)
{
	struct binder_buffer *buffer;
	unsigned int i;

	for (i = 0; i < ST_BUFFERS; i++) {
		buffer = t->buffers[i];
		if (buffer && buffer->user_data < page + PAGE_SIZE &&
		    page < buffer->user_data + t->sizes[i])
			return true;
	}
	return false;
}

/*
 * Checks one page slot; @reclaimed says whether pages may have been
 * reclaimed since @t->used was exact.
 */
static bool st_check_page(struct st_ctx *t, unsigned int index, bool reclaimed)
{
	struct binder_lru_page *slot = &t->alloc->pages[index];
	bool covered = st_page_covered(t, ST_BASE + index * PAGE_SIZE);
	bool present = slot->page;
	bool on_lru = !list_empty(&slot->lru);

	if (covered) {
		if (present && !on_lru)
			return true;
		st_fail(t, "page %u is %s, expected in use", index,
			present ? "on the LRU" : "absent");
		return false;
	}
	if (!present && on_lru) {
		st_fail(t, "absent page %u is on the LRU", index);
		return false;
	}
	if (test_bit(index, t->used)) {
		if (present && on_lru)
			return true;
		if (!present && reclaimed) {
			clear_bit(index, t->used);
			return true;
		}
		st_fail(t, "page %u is %s, expected on the LRU", index,
			present ? "in use" : "absent");
		return false;
	}
	if (present) {
		st_fail(t, "page %u was never used but is present", index);
		return false;
	}
	return true;
}

/* Checks every page slot against the live buffers; takes alloc->mutex. */
static bool st_check_pages(struct st_ctx *t)
{
	bool reclaimed, ok = true;
	unsigned int i;

	mutex_lock(&t->alloc->mutex);
	reclaimed = st_stat(BINDER_STAT_PAGE, true) != t->pages_deleted;
	for (i = 0; ok && i < ST_PAGES; i++)
		ok = st_check_page(t, i, reclaimed);
	mutex_unlock(&t->alloc->mutex);
	return ok;
}

/* With no buffer live, the whole mapping must be one free buffer. */
static bool st_check_all_free(struct st_ctx *t)
{
	struct binder_alloc *alloc = t->alloc;
	struct binder_buffer *buffer;
	bool merged, async_ok;

	mutex_lock(&alloc->mutex);
	buffer = list_first_entry(&alloc->buffers, struct binder_buffer, entry);
	merged = list_is_singular(&alloc->buffers) && buffer->free &&
		 buffer->user_data == alloc->buffer &&
		 rb_first(&alloc->free_buffers) == &buffer->rb_node &&
		 rb_last(&alloc->free_buffers) == &buffer->rb_node &&
		 RB_EMPTY_ROOT(&alloc->allocated_buffers);
	async_ok = alloc->free_async_space == alloc->buffer_size / 2;
	mutex_unlock(&alloc->mutex);

	if (!merged)
		st_fail(t, "free space did not merge back into one buffer");
	else if (!async_ok)
		st_fail(t, "async space not fully credited back");
	return merged && async_ok;
}

/* ---- the exhaustive part ---------------------------------------------- */

static bool st_alloc_one(struct st_ctx *t, unsigned int i, unsigned long expect)
{
	size_t size = t->sizes[i];
	struct binder_buffer *buffer;
	unsigned long page;

	/* Spread the size over the three parts; each is a multiple of 8. */
	buffer = binder_alloc_new_buf(t->alloc, size - 16, 8, 8, 0, 0);
	if (IS_ERR(buffer)) {
		st_fail(t, "allocating buffer %u: %ld", i, PTR_ERR(buffer));
		return false;
	}
	t->buffers[i] = buffer;
	if (buffer->user_data != expect) {
		st_fail(t, "buffer %u at %#lx, expected %#lx", i,
			buffer->user_data, expect);
		return false;
	}
	for (page = expect & PAGE_MASK; page < expect + size; page += PAGE_SIZE)
		set_bit((page - ST_BASE) >> PAGE_SHIFT, t->used);
	return st_check_pages(t);
}

/* Allocates every size, in index order or in reverse; they pack from the start. */
static bool st_alloc_all(struct st_ctx *t, bool reverse)
{
	unsigned long addr = ST_BASE;
	unsigned int k, i;

	for (k = 0; k < ST_BUFFERS; k++) {
		i = reverse ? ST_BUFFERS - 1 - k : k;
		if (!st_alloc_one(t, i, addr))
			return false;
		addr += t->sizes[i];
	}
	return true;
}

static bool st_free_all(struct st_ctx *t)
{
	unsigned int k, i;

	for (k = 0; k < ST_BUFFERS; k++) {
		i = t->order[k];
		binder_alloc_free_buf(t->alloc, t->buffers[i]);
		t->buffers[i] = NULL;
		if (!st_check_pages(t))
			return false;
	}
	return st_check_all_free(t);
}

/* Frees the buffers left by a failed case, to leave a clean allocator. */
static void st_free_live(struct st_ctx *t)
{
	unsigned int i;

	for (i = 0; i < ST_BUFFERS; i++) {
		if (t->buffers[i])
			binder_alloc_free_buf(t->alloc, t->buffers[i]);
		t->buffers[i] = NULL;
	}
}

/* Reclaims every unused page; all of this allocator's must go. */
static bool st_reclaim(struct st_ctx *t)
{
	struct binder_lru_page *slot;
	unsigned int i;
	bool ok = true;

	binder_alloc_shrink_all();
	mutex_lock(&t->alloc->mutex);
	for (i = 0; ok && i < ST_PAGES; i++) {
		slot = &t->alloc->pages[i];
		if (slot->page || !list_empty(&slot->lru)) {
			st_fail(t, "page %u survived reclaim", i);
			ok = false;
		}
	}
	mutex_unlock(&t->alloc->mutex);
	bitmap_zero(t->used, ST_PAGES);
	t->pages_deleted = st_stat(BINDER_STAT_PAGE, true);
	return ok;
}

/*
 * One layout, one free order.  With @reuse, a second round allocates the
 * same sizes in reverse order, which must take every page from the LRU.
 * Then everything is reclaimed.
 */
static void st_run_case(struct st_ctx *t, bool reuse)
{
	long created;

	t->cases++;
	if (!st_alloc_all(t, false) || !st_free_all(t) || !reuse)
		goto out;

	created = st_stat(BINDER_STAT_PAGE, false);
	if (!st_alloc_all(t, true))
		goto out;
	if (st_stat(BINDER_STAT_PAGE, false) != created &&
	    st_stat(BINDER_STAT_PAGE, true) == t->pages_deleted) {
		st_fail(t, "reallocation did not reuse the unused pages");
		goto out;
	}
	st_free_all(t);
out:
	st_free_live(t);
	st_reclaim(t);
}

/* Runs every free order of the current sizes. */
static void st_permute(struct st_ctx *t, unsigned int depth, unsigned int taken)
{
	unsigned int i;

	if (depth == ST_BUFFERS) {
		st_run_case(t, false);
		return;
	}
	for (i = 0; i < ST_BUFFERS && !t->failed; i++) {
		if (taken & BIT(i))
			continue;
		t->order[depth] = i;
		st_permute(t, depth + 1, taken | BIT(i));
	}
}

/* Runs the free orders of st_orders[] with reuse of the freed pages. */
static void st_run_orders(struct st_ctx *t)
{
	unsigned int i, k;

	for (i = 0; i < ARRAY_SIZE(st_orders) && !t->failed; i++) {
		for (k = 0; k < ST_BUFFERS; k++)
			t->order[k] = st_orders[i][k];
		st_run_case(t, true);
	}
}

static size_t st_end(size_t prev, enum st_end kind)
{
	size_t boundary = round_up(prev + 1, PAGE_SIZE);

	switch (kind) {
	case ST_END_SAME_PAGE:
		return prev + ST_STEP;
	case ST_END_BOUNDARY:
		return boundary;
	case ST_END_NEXT_PAGE:
		return boundary + ST_STEP;
	case ST_END_NEXT_BOUNDARY:
		return boundary + PAGE_SIZE;
	default:
		return boundary + PAGE_SIZE + ST_STEP;
	}
}

/*
 * Sets the sizes of a layout: packed at the start of the mapping, or
 * (@back) mirrored, with the first buffer grown so the last one ends the
 * mapping.
 */
static void st_set_layout(struct st_ctx *t, unsigned int layout, bool back)
{
	size_t front[ST_BUFFERS];
	size_t end = 0, prev;
	unsigned int i;

	BUILD_BUG_ON(ST_BUFFERS * ST_STEP >= PAGE_SIZE);
	BUILD_BUG_ON(ST_BUFFERS * (2 * PAGE_SIZE + ST_STEP) > ST_SIZE);

	for (i = 0; i < ST_BUFFERS; i++) {
		prev = end;
		end = st_end(prev, st_layouts[layout][i]);
		front[i] = end - prev;
	}
	t->layout = layout;
	t->back = back;
	for (i = 0; i < ST_BUFFERS; i++)
		t->sizes[i] = back ? front[ST_BUFFERS - 1 - i] : front[i];
	if (back)
		t->sizes[0] += ST_SIZE - end;
}

static void st_run_layouts(struct st_ctx *t)
{
	unsigned int layout, back;

	t->phase = "layouts";
	for (back = 0; back < 2 && !t->failed; back++) {
		st_set_layout(t, 0, back);
		st_permute(t, 0, 0);
	}
	for (layout = 0; layout < ARRAY_SIZE(st_layouts); layout++) {
		for (back = 0; back < 2 && !t->failed; back++) {
			st_set_layout(t, layout, back);
			st_run_orders(t);
		}
	}
	/* The back layouts fill the mapping: every page was present at once. */
	if (!t->failed)
		ST_EXPECT(t, t->alloc->pages_high == ST_PAGES,
			  "pages high watermark %d", t->alloc->pages_high);
}

/* ---- smaller tests ---------------------------------------------------- */

static bool st_expect_err(struct st_ctx *t, struct binder_buffer *buffer,
			  long err, const char *what)
{
	if (IS_ERR(buffer) && PTR_ERR(buffer) == err)
		return true;
	if (!IS_ERR(buffer))
		binder_alloc_free_buf(t->alloc, buffer);
	st_fail(t, "%s: got %ld, expected %ld", what,
		IS_ERR(buffer) ? PTR_ERR(buffer) : 0L, err);
	return false;
}

static struct binder_buffer *st_new_parts(struct st_ctx *t, size_t data,
					  size_t offsets, size_t extra,
					  bool is_async, int pid)
{
	struct binder_buffer *buffer;

	buffer = binder_alloc_new_buf(t->alloc, data, offsets, extra,
				      is_async ? BINDER_BUF_ASYNC : 0, pid);
	if (IS_ERR(buffer)) {
		st_fail(t, "allocating %zu+%zu+%zu bytes: %ld", data, offsets,
			extra, PTR_ERR(buffer));
		return NULL;
	}
	return buffer;
}

static struct binder_buffer *st_new(struct st_ctx *t, size_t size,
				    bool is_async, int pid)
{
	return st_new_parts(t, size, 0, 0, is_async, pid);
}

static void st_free_array(struct st_ctx *t, struct binder_buffer **buffers,
			  unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (buffers[i])
			binder_alloc_free_buf(t->alloc, buffers[i]);
		buffers[i] = NULL;
	}
}

/* Bad and extreme sizes, and a proc whose mapping is gone. */
static void st_test_sizes(struct st_ctx *t)
{
	struct binder_alloc *alloc = t->alloc;
	struct binder_buffer *whole;

	t->cases++;
	t->phase = "sizes";
	if (!st_expect_err(t, binder_alloc_new_buf(alloc, SIZE_MAX, 0, 0, 0, 0),
			   -EINVAL, "data size overflow") ||
	    !st_expect_err(t, binder_alloc_new_buf(alloc, 0, SIZE_MAX - 3, 0, 0, 0),
			   -EINVAL, "offsets size overflow") ||
	    !st_expect_err(t, binder_alloc_new_buf(alloc, 0, 0, SIZE_MAX, 0, 0),
			   -EINVAL, "extra size overflow") ||
	    !st_expect_err(t, binder_alloc_new_buf(alloc, SIZE_MAX - 7, 8, 0, 0, 0),
			   -EINVAL, "data + offsets overflow") ||
	    !st_expect_err(t, binder_alloc_new_buf(alloc, 8, 8, SIZE_MAX - 15, 0, 0),
			   -EINVAL, "total overflow") ||
	    !st_expect_err(t, binder_alloc_new_buf(alloc, ST_SIZE + 1, 0, 0, 0, 0),
			   -ENOSPC, "larger than the mapping") ||
	    !st_expect_err(t, binder_alloc_new_buf(alloc, ST_SIZE - 8, 8, 1, 0, 0),
			   -ENOSPC, "rounded up past the mapping"))
		return;

	/* The whole mapping, then nothing left. */
	whole = st_new(t, ST_SIZE, false, 0);
	if (!whole)
		return;
	st_expect_err(t, binder_alloc_new_buf(alloc, 0, 0, 0, 0, 0),
		      -ENOSPC, "allocating from a full mapping");
	binder_alloc_free_buf(alloc, whole);
	if (t->failed)
		return;

	/* Unmapped: no new buffers. */
	WRITE_ONCE(alloc->mapped, false);
	st_expect_err(t, binder_alloc_new_buf(alloc, 8, 0, 0, 0, 0),
		      -ESRCH, "allocating without a mapping");
	WRITE_ONCE(alloc->mapped, true);
}

/* Each part rounds up to 8 bytes; an empty buffer still takes 8. */
static void st_test_rounding(struct st_ctx *t)
{
	struct binder_buffer *b[3] = { NULL };

	t->cases++;
	t->phase = "rounding";
	b[0] = st_new(t, 0, false, 0);
	b[1] = b[0] ? st_new_parts(t, 1, 1, 1, false, 0) : NULL;
	b[2] = b[1] ? st_new(t, 0, false, 0) : NULL;
	if (b[2] &&
	    ST_EXPECT(t, b[1]->user_data - b[0]->user_data == 8,
		      "empty buffer took %lu bytes",
		      b[1]->user_data - b[0]->user_data))
		ST_EXPECT(t, b[2]->user_data - b[1]->user_data == 24,
			  "1+1+1 bytes took %lu",
			  b[2]->user_data - b[1]->user_data);
	st_free_array(t, b, ARRAY_SIZE(b));
}

/* The smallest free buffer that fits wins, not the first or the largest. */
static void st_test_best_fit(struct st_ctx *t)
{
	static const size_t sizes[] = {
		PAGE_SIZE, 8, 2 * PAGE_SIZE, 8, PAGE_SIZE / 2, 8,
	};
	struct binder_buffer *b[ARRAY_SIZE(sizes)] = { NULL };
	struct binder_buffer *fit[3] = { NULL };
	unsigned int i;

	t->cases++;
	t->phase = "best fit";
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		b[i] = st_new(t, sizes[i], false, 0);
		if (!b[i])
			goto out;
	}
	/* Holes of one page, two pages and half a page, then the rest. */
	for (i = 0; i < ARRAY_SIZE(sizes); i += 2) {
		binder_alloc_free_buf(t->alloc, b[i]);
		b[i] = NULL;
	}
	fit[0] = st_new(t, PAGE_SIZE, false, 0);
	fit[1] = fit[0] ? st_new(t, PAGE_SIZE + 8, false, 0) : NULL;
	fit[2] = fit[1] ? st_new(t, 8, false, 0) : NULL;
	if (fit[2] &&
	    ST_EXPECT(t, fit[0]->user_data == ST_BASE,
		      "one page went to %#lx", fit[0]->user_data) &&
	    ST_EXPECT(t, fit[1]->user_data == ST_BASE + PAGE_SIZE + 8,
		      "a page and a bit went to %#lx", fit[1]->user_data))
		ST_EXPECT(t, fit[2]->user_data == ST_BASE + 3 * PAGE_SIZE + 16,
			  "8 bytes went to %#lx", fit[2]->user_data);
out:
	st_free_array(t, fit, ARRAY_SIZE(fit));
	st_free_array(t, b, ARRAY_SIZE(b));
	st_check_all_free(t);
}

/* User frees: only delivered buffers, and only once. */
static void st_test_user_free(struct st_ctx *t)
{
	struct binder_alloc *alloc = t->alloc;
	struct binder_buffer *buffer, *found;

	t->cases++;
	t->phase = "user free";
	buffer = st_new(t, 100, false, 0);
	if (!buffer)
		return;

	found = binder_alloc_prepare_to_free(alloc, buffer->user_data);
	if (!ST_EXPECT(t, found == ERR_PTR(-EPERM),
		       "free before delivery: %pe", found))
		goto out;

	/* What the core does once the buffer is delivered. */
	mutex_lock(&alloc->mutex);
	buffer->allow_user_free = 1;
	mutex_unlock(&alloc->mutex);

	found = binder_alloc_prepare_to_free(alloc, buffer->user_data + 8);
	if (!ST_EXPECT(t, !found, "free of an inner address: %pe", found))
		goto out;
	found = binder_alloc_prepare_to_free(alloc, buffer->user_data);
	if (!ST_EXPECT(t, found == buffer, "first free: %pe", found))
		goto out;
	found = binder_alloc_prepare_to_free(alloc, buffer->user_data);
	if (!ST_EXPECT(t, found == ERR_PTR(-EPERM), "second free: %pe", found))
		goto out;
	binder_alloc_free_buf(alloc, buffer);
	buffer = NULL;
	found = binder_alloc_prepare_to_free(alloc, ST_BASE);
	ST_EXPECT(t, !found, "free after free: %pe", found);
out:
	if (buffer)
		binder_alloc_free_buf(alloc, buffer);
}

/* Allocates async buffers of @size for @pid; checks each charge. */
static bool st_async_fill(struct st_ctx *t, struct binder_buffer **buffers,
			  unsigned int count, size_t size, int pid)
{
	size_t space;
	unsigned int i;

	for (i = 0; i < count; i++) {
		space = binder_alloc_free_async_space(t->alloc);
		buffers[i] = st_new(t, size, true, pid);
		if (!buffers[i])
			return false;
		if (!ST_EXPECT(t, binder_alloc_free_async_space(t->alloc) ==
			       space - size, "async buffer %u not charged %zu",
			       i, size))
			return false;
	}
	return true;
}

/*
 * Async space is half the mapping and is charged the rounded size.  Spam
 * detection starts below a tenth of the mapping and flags a sender with
 * more than a quarter of the mapping, once until the space recovers.
 */
static void st_test_async(struct st_ctx *t)
{
	struct binder_buffer *spam[6] = { NULL }, *other = NULL, *sync = NULL;
	struct binder_alloc *alloc = t->alloc;
	const size_t chunk = ST_SIZE / 12;	/* 5 of them cross 1/10 left */
	unsigned int i;

	t->cases++;
	t->phase = "async";
	if (!ST_EXPECT(t, binder_alloc_free_async_space(alloc) == ST_SIZE / 2,
		       "async space starts at %zu",
		       binder_alloc_free_async_space(alloc)))
		return;

	/* Fill the async half; the sync half stays available. */
	if (!st_async_fill(t, spam, ST_SIZE / 2 / chunk, chunk, 1))
		goto out;
	if (!st_expect_err(t, binder_alloc_new_buf(alloc, 8, 0, 0, BINDER_BUF_ASYNC, 1),
			   -ENOSPC, "async beyond half the mapping"))
		goto out;
	sync = st_new(t, chunk, false, 1);
	if (!sync)
		goto out;
	binder_alloc_free_buf(alloc, sync);
	sync = NULL;
	st_free_array(t, spam, ARRAY_SIZE(spam));
	if (!ST_EXPECT(t, binder_alloc_free_async_space(alloc) == ST_SIZE / 2,
		       "async space back to %zu",
		       binder_alloc_free_async_space(alloc)))
		goto out;

	/* Twice, to see that detection re-arms once the space recovers. */
	for (i = 0; i < 2; i++) {
		if (!st_async_fill(t, spam, 5, chunk, 42))
			goto out;
		if (!ST_EXPECT(t, !spam[0]->oneway_spam_suspect &&
			       !spam[3]->oneway_spam_suspect &&
			       spam[4]->oneway_spam_suspect,
			       "spam flags %d%d%d%d%d in round %u",
			       spam[0]->oneway_spam_suspect,
			       spam[1]->oneway_spam_suspect,
			       spam[2]->oneway_spam_suspect,
			       spam[3]->oneway_spam_suspect,
			       spam[4]->oneway_spam_suspect, i))
			goto out;
		/* Reported once only; a small sender is not a spammer. */
		if (!st_async_fill(t, &spam[5], 1, 8, 42) ||
		    !ST_EXPECT(t, !spam[5]->oneway_spam_suspect,
			       "spam reported twice"))
			goto out;
		other = st_new(t, 8, true, 43);
		if (!other || !ST_EXPECT(t, !other->oneway_spam_suspect,
					 "innocent sender flagged"))
			goto out;
		binder_alloc_free_buf(alloc, other);
		other = NULL;
		st_free_array(t, spam, ARRAY_SIZE(spam));
		/* An allocation with plenty of space left re-arms detection. */
		other = st_new(t, 8, true, 43);
		if (!other)
			goto out;
		binder_alloc_free_buf(alloc, other);
		other = NULL;
	}
out:
	if (other)
		binder_alloc_free_buf(alloc, other);
	st_free_array(t, spam, ARRAY_SIZE(spam));
	st_check_all_free(t);
}

/* Token standing for a transaction; the allocator never dereferences it. */
static char st_transaction_token;

static bool st_test_copy_bounds(struct st_ctx *t, struct binder_buffer *b,
				size_t size, u8 *in)
{
	struct binder_alloc *alloc = t->alloc;
	unsigned long left;
	int ret;

	ret = binder_alloc_copy_from_buffer(alloc, in, b, 2, 4);
	if (!ST_EXPECT(t, ret == -EINVAL, "unaligned offset: %d", ret))
		return false;
	ret = binder_alloc_copy_from_buffer(alloc, in, b, size - 4, 8);
	if (!ST_EXPECT(t, ret == -EINVAL, "read past the end: %d", ret))
		return false;
	ret = binder_alloc_copy_to_buffer(alloc, b, SIZE_MAX - 3, in, 8);
	if (!ST_EXPECT(t, ret == -EINVAL, "offset overflow: %d", ret))
		return false;
	ret = binder_alloc_copy_to_buffer(alloc, b, 0, in, size + 1);
	if (!ST_EXPECT(t, ret == -EINVAL, "write past the end: %d", ret))
		return false;
	ret = binder_alloc_copy_to_buffer(alloc, b, size, in, 0);
	if (!ST_EXPECT(t, !ret, "empty copy at the end: %d", ret))
		return false;
	left = binder_alloc_copy_user_to_buffer(alloc, b, 4, NULL, size);
	if (!ST_EXPECT(t, left == size, "user copy past the end: %lu", left))
		return false;
	/* A faulting source: nothing copied, everything reported. */
	left = binder_alloc_copy_user_to_buffer(alloc, b, 0, NULL, size);
	if (!ST_EXPECT(t, left == size, "user copy from NULL: %lu left", left))
		return false;

	/* Delivered and still used by a transaction: hands off. */
	mutex_lock(&alloc->mutex);
	b->allow_user_free = 1;
	mutex_unlock(&alloc->mutex);
	b->transaction = (struct binder_transaction *)&st_transaction_token;
	ret = binder_alloc_copy_from_buffer(alloc, in, b, 0, 4);
	b->transaction = NULL;
	mutex_lock(&alloc->mutex);
	b->allow_user_free = 0;
	mutex_unlock(&alloc->mutex);
	return ST_EXPECT(t, ret == -EINVAL, "access while delivered: %d", ret);
}

/*
 * Copies across page boundaries from an unaligned buffer start.  Reused
 * pages keep their contents (the core overwrites every byte it hands out)
 * unless the buffer was marked clear_on_free.
 */
static void st_test_copy(struct st_ctx *t)
{
	const size_t size = 2 * PAGE_SIZE + 64;
	struct binder_alloc *alloc = t->alloc;
	struct binder_buffer *head, *b = NULL;
	u8 *out = NULL, *in = NULL;
	long pages_deleted = 0;
	unsigned int round;
	bool kept;
	size_t i;
	int ret;

	t->cases++;
	t->phase = "copy";
	head = st_new(t, 40, false, 0);
	out = kmalloc(size, GFP_KERNEL);
	in = kmalloc(size, GFP_KERNEL);
	if (!head || !out || !in) {
		if (head)
			st_fail(t, "out of memory");
		goto out;
	}
	for (i = 0; i < size; i++)
		out[i] = i * 7 + 3;

	/* Round 0: fresh pages; 1: reused; 2: reused after clear_on_free. */
	for (round = 0; round < 3; round++) {
		b = st_new(t, size, false, 0);
		if (!b)
			goto out;
		memset(in, 0x5a, size);
		ret = binder_alloc_copy_from_buffer(alloc, in, b, 0, size);
		if (!ST_EXPECT(t, !ret, "read back: %d", ret))
			goto out;
		/* Zero unless reused without clearing, or reclaimed meanwhile. */
		kept = round == 1 &&
		       st_stat(BINDER_STAT_PAGE, true) == pages_deleted;
		if (kept && !ST_EXPECT(t, !memcmp(in, out, size),
				       "reused pages lost their contents"))
			goto out;
		if (!kept && round != 1 &&
		    !ST_EXPECT(t, !memchr_inv(in, 0, size),
			       "round %u: buffer not zero", round))
			goto out;
		ret = binder_alloc_copy_to_buffer(alloc, b, 0, out, size);
		if (!ST_EXPECT(t, !ret, "write: %d", ret))
			goto out;
		ret = binder_alloc_copy_from_buffer(alloc, in, b, 4, size - 4);
		if (!ST_EXPECT(t, !ret && !memcmp(in, out + 4, size - 4),
			       "read back at offset 4: %d", ret))
			goto out;
		/* Last, as a failed user copy zeroes what it did not copy. */
		if (round == 2 && !st_test_copy_bounds(t, b, size, in))
			goto out;
		mutex_lock(&alloc->mutex);
		b->clear_on_free = round == 1;
		mutex_unlock(&alloc->mutex);
		pages_deleted = st_stat(BINDER_STAT_PAGE, true);
		binder_alloc_free_buf(alloc, b);
		b = NULL;
	}
out:
	if (b)
		binder_alloc_free_buf(alloc, b);
	if (head)
		binder_alloc_free_buf(alloc, head);
	kfree(in);
	kfree(out);
}

/* Teardown with live buffers of every kind, and of a never-mapped proc. */
static void st_test_release(struct st_ctx *t)
{
	struct binder_alloc *alloc;
	struct binder_buffer *b;

	t->cases++;
	t->phase = "release";
	alloc = st_alloc_create(0);
	if (!alloc) {
		st_fail(t, "out of memory");
		return;
	}
	b = binder_alloc_new_buf(alloc, 8, 0, 0, 0, 0);
	if (ST_EXPECT(t, b == ERR_PTR(-ESRCH), "never mapped: %pe", b)) {
		b = binder_alloc_prepare_to_free(alloc, ST_BASE);
		ST_EXPECT(t, !b, "never mapped: free found %pe", b);
		ST_EXPECT(t, !binder_alloc_buffer_size(alloc) &&
			  !binder_alloc_free_async_space(alloc),
			  "never mapped but has a size");
	}
	st_alloc_destroy(alloc);
	if (t->failed)
		return;

	alloc = st_alloc_create(ST_PAGES);
	if (!alloc) {
		st_fail(t, "out of memory");
		return;
	}
	b = binder_alloc_new_buf(alloc, 3 * PAGE_SIZE, 0, 0, 0, 0);
	if (!IS_ERR(b)) {
		binder_alloc_free_buf(alloc, b);	/* leaves pages on the LRU */
		b = binder_alloc_new_buf(alloc, 100, 0, 0, BINDER_BUF_ASYNC, 7);
	}
	if (!IS_ERR(b))
		b = binder_alloc_new_buf(alloc, PAGE_SIZE, 8, 0, 0, 0);
	if (!IS_ERR(b)) {
		mutex_lock(&alloc->mutex);
		b->clear_on_free = 1;
		mutex_unlock(&alloc->mutex);
		b = binder_alloc_new_buf(alloc, 0, 0, 0, 0, 0);
	}
	ST_EXPECT(t, !IS_ERR(b), "allocating before teardown: %pe", b);
	st_alloc_destroy(alloc);
}

/**
 * binder_alloc_selftest() - exercise the allocator on private instances
 *
 * Needs binder_alloc_shrinker_init() to have run.  Reclaims every unused
 * page of the driver along the way, and expects no other proc to exist so
 * that the object counters can be checked for leaks.
 *
 * Return: 0 if every check passed, -EINVAL (or -ENOMEM) otherwise.
 */
int binder_alloc_selftest(void)
{
	long buffers = st_stat(BINDER_STAT_BUFFER, false) -
		       st_stat(BINDER_STAT_BUFFER, true);
	long pages = st_stat(BINDER_STAT_PAGE, false) -
		     st_stat(BINDER_STAT_PAGE, true);
	struct st_ctx *t;
	int ret = 0;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->alloc = st_alloc_create(ST_PAGES);
	if (!t->alloc) {
		kfree(t);
		return -ENOMEM;
	}
	t->pages_deleted = st_stat(BINDER_STAT_PAGE, true);

	st_run_layouts(t);
	if (!t->failed)
		st_test_sizes(t);
	if (!t->failed)
		st_test_rounding(t);
	if (!t->failed)
		st_test_best_fit(t);
	if (!t->failed)
		st_test_user_free(t);
	if (!t->failed)
		st_test_async(t);
	if (!t->failed)
		st_test_copy(t);
	st_alloc_destroy(t->alloc);
	if (!t->failed)
		st_test_release(t);

	t->phase = "leaks";
	if (!t->failed &&
	    (st_stat(BINDER_STAT_BUFFER, false) - st_stat(BINDER_STAT_BUFFER, true) != buffers ||
	     st_stat(BINDER_STAT_PAGE, false) - st_stat(BINDER_STAT_PAGE, true) != pages))
		st_fail(t, "buffers or pages leaked");

	if (t->failed)
		ret = -EINVAL;
	else
		pr_info("alloc self-test: pass (%u cases)\n", t->cases);
	kfree(t);
	return ret;
}
