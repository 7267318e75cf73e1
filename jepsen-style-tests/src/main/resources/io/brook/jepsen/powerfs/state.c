/* powerfs's file system state: see state.h, and powerfs.c's header for the semantics. */
#define _GNU_SOURCE

#include "state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- pages ---------------------------------------------------------------------------------- */


size_t pages_held;
const char zero_page[PAGE];

/* realloc that ends the process when memory runs out: a half-updated file system is worse. */
static void *must_realloc(void *p, size_t size) {
    void *q = realloc(p, size);
    if (q == NULL && size != 0) {
        perror("powerfs: out of memory");
        abort();
    }
    return q;
}

/* Makes room for one more element in a growing array of *cap elements holding n. */
static void *grow(void *v, size_t n, size_t *cap, size_t elem, size_t first) {
    if (n < *cap) {
        return v;
    }
    *cap = *cap ? *cap * 2 : first;
    return must_realloc(v, *cap * elem);
}

static struct page *page_new(const struct page *copy_of) {
    struct page *p = must_realloc(NULL, sizeof *p);
    p->refs = 1;
    if (copy_of != NULL) {
        memcpy(p->data, copy_of->data, PAGE);
    } else {
        memset(p->data, 0, PAGE);
    }
    pages_held++;
    return p;
}

static struct page *page_ref(struct page *p) {
    if (p != NULL) {
        p->refs++;
    }
    return p;
}

static void page_unref(struct page *p) {
    if (p != NULL && --p->refs == 0) {
        free(p);
        pages_held--;
    }
}

/* ---- inodes --------------------------------------------------------------------------------- */

struct inode root_node;
struct inode *all_head = &root_node;
static uint64_t next_number = 2;
size_t live_inodes = 1;

int is_dir(const struct inode *n) {
    return S_ISDIR(n->mode);
}

void now(struct timespec *t) {
    clock_gettime(CLOCK_REALTIME, t);
}

struct inode *inode_new(mode_t mode, uid_t uid, gid_t gid) {
    struct inode *n = must_realloc(NULL, sizeof *n);
    memset(n, 0, sizeof *n);
    n->number = next_number++;
    n->mode = mode;
    n->uid = uid;
    n->gid = gid;
    now(&n->atime);
    n->mtime = n->ctime = n->atime;
    n->next = all_head;
    all_head->prev = n;
    all_head = n;
    live_inodes++;
    return n;
}

static void entries_free(struct entries *e, int durable);
static void file_release_pages(struct inode *n);

/* Frees a node nobody can reach any more: no entry names it, the kernel forgot it, no file is open. */
void maybe_free(struct inode *n) {
    if (n == &root_node || n->cur_links || n->dur_links || n->opens || n->nlookup) {
        return;
    }
    if (n->prev) {
        n->prev->next = n->next;
    } else {
        all_head = n->next;
    }
    if (n->next) {
        n->next->prev = n->prev;
    }
    live_inodes--;
    file_release_pages(n);
    entries_free(&n->cur_ents, 0);
    entries_free(&n->dur_ents, 1);
    free(n);
}

/* ---- directory entries ---------------------------------------------------------------------- */

struct entry *entries_find(struct entries *e, const char *name) {
    for (size_t i = 0; i < e->n; i++) {
        if (strcmp(e->v[i].name, name) == 0) {
            return &e->v[i];
        }
    }
    return NULL;
}

static void link_count(struct inode *n, int durable, int delta) {
    if (durable) {
        n->dur_links += delta;
    } else {
        n->cur_links += delta;
    }
}

void entries_add(struct entries *e, const char *name, struct inode *n, int durable) {
    e->v = grow(e->v, e->n, &e->cap, sizeof *e->v, 8);
    e->v[e->n].name = strdup(name);
    e->v[e->n].node = n;
    e->n++;
    link_count(n, durable, +1);
}

/* Removes the entry (swapping the last one in); the node it named is freed if nothing holds it. */
void entries_remove(struct entries *e, struct entry *at, int durable) {
    struct inode *n = at->node;
    free(at->name);
    *at = e->v[--e->n];
    link_count(n, durable, -1);
    maybe_free(n);
}

static void entries_free(struct entries *e, int durable) {
    while (e->n > 0) {
        entries_remove(e, &e->v[e->n - 1], durable);
    }
    free(e->v);
    e->v = NULL;
    e->cap = 0;
}

/* dst := a copy of src; counts move from the nodes dst named to the nodes src names. */
void entries_copy(struct entries *dst, int dst_durable, const struct entries *src) {
    struct entries old = *dst;
    memset(dst, 0, sizeof *dst);
    for (size_t i = 0; i < src->n; i++) {
        entries_add(dst, src->v[i].name, src->v[i].node, dst_durable);
    }
    entries_free(&old, dst_durable);
}

/* ---- file data ------------------------------------------------------------------------------ */

size_t pages_for(off_t size) {
    return (size_t) ((size + PAGE - 1) / PAGE);
}

void file_reserve(struct inode *n, size_t pages) {
    if (pages <= n->cap) {
        return;
    }
    size_t cap = n->cap ? n->cap : 16;
    while (cap < pages) {
        cap *= 2;
    }
    n->cur = must_realloc(n->cur, cap * sizeof *n->cur);
    n->dur = must_realloc(n->dur, cap * sizeof *n->dur);
    memset(n->cur + n->cap, 0, (cap - n->cap) * sizeof *n->cur);
    memset(n->dur + n->cap, 0, (cap - n->cap) * sizeof *n->dur);
    n->cap = cap;
}

static void dirty_add(struct inode *n, size_t i) {
    n->dirty = grow(n->dirty, n->ndirty, &n->dirty_cap, sizeof *n->dirty, 16);
    n->dirty[n->ndirty++] = i;
}

/* Sets current page i, keeping the invariant that every i with cur[i] != dur[i] is in dirty[]. */
static void cur_set(struct inode *n, size_t i, struct page *p) {
    if (n->cur[i] == n->dur[i] && p != n->dur[i]) {
        dirty_add(n, i);
    }
    page_unref(n->cur[i]);
    n->cur[i] = p;
}

/* Current page i, private to the current state (copied if it was shared with the durable one). */
static struct page *writable_page(struct inode *n, size_t i) {
    struct page *p = n->cur[i];
    if (p != NULL && p != n->dur[i] && p->refs == 1) {
        return p;
    }
    struct page *copy = page_new(p);
    cur_set(n, i, copy);
    return copy;
}

void file_write(struct inode *n, const char *buf, size_t size, off_t off) {
    if (size == 0) {
        return;
    }
    off_t end = off + (off_t) size;
    file_reserve(n, pages_for(end));
    size_t done = 0;
    while (done < size) {
        size_t i, in_page;
        size_t chunk = page_piece(off, done, size, &i, &in_page);
        memcpy(writable_page(n, i)->data + in_page, buf + done, chunk);
        done += chunk;
    }
    if (end > n->cur_size) {
        n->cur_size = end;
    }
}

/* Sets the current size; bytes past a smaller size are dropped, and read as zeros if it grows again. */
void file_truncate(struct inode *n, off_t size) {
    if (size < n->cur_size) {
        size_t keep = pages_for(size);
        for (size_t i = keep; i < pages_for(n->cur_size) && i < n->cap; i++) {
            cur_set(n, i, NULL);
        }
        if (size % PAGE != 0 && n->cur[size / PAGE] != NULL) {
            size_t in_page = (size_t) (size % PAGE);
            memset(writable_page(n, (size_t) (size / PAGE))->data + in_page, 0, PAGE - in_page);
        }
    }
    n->cur_size = size;
}

/* fsync: the current data and size become durable. Touches only the pages written since the last one. */
void file_sync(struct inode *n) {
    for (size_t k = 0; k < n->ndirty; k++) {
        size_t i = n->dirty[k];
        if (n->cur[i] != n->dur[i]) {
            page_unref(n->dur[i]);
            n->dur[i] = page_ref(n->cur[i]);
        }
    }
    n->ndirty = 0;
    n->dur_size = n->cur_size;
}

/* Power loss: the current data and size go back to the durable ones. */
static size_t file_revert(struct inode *n) {
    size_t dropped = 0;
    for (size_t k = 0; k < n->ndirty; k++) {
        size_t i = n->dirty[k];
        if (n->cur[i] != n->dur[i]) {
            page_unref(n->cur[i]);
            n->cur[i] = page_ref(n->dur[i]);
            dropped++;
        }
    }
    n->ndirty = 0;
    n->cur_size = n->dur_size;
    return dropped;
}

static void file_release_pages(struct inode *n) {
    for (size_t i = 0; i < n->cap; i++) {
        page_unref(n->cur[i]);
        page_unref(n->dur[i]);
    }
    free(n->cur);
    free(n->dur);
    free(n->dirty);
    n->cur = n->dur = NULL;
    n->dirty = NULL;
    n->cap = n->ndirty = n->dirty_cap = 0;
}

/* ---- statistics ----------------------------------------------------------------------------- */

void stats(char *out, size_t len) {
    unsigned long long bytes = 0, dirty = 0;
    for (struct inode *n = all_head; n != NULL; n = n->next) {
        bytes += (unsigned long long) n->cur_size;
        for (size_t k = 0; k < n->ndirty; k++) {
            dirty += n->cur[n->dirty[k]] != n->dur[n->dirty[k]];
        }
    }
    snprintf(out, len, "inodes=%zu pages=%zu bytes=%llu dirty-pages=%llu", live_inodes, pages_held, bytes, dirty);
}

/* ---- power loss ----------------------------------------------------------------------------- */

static void mark_reachable(struct inode *dir) {
    dir->mark = 1;
    for (size_t i = 0; i < dir->cur_ents.n; i++) {
        struct inode *child = dir->cur_ents.v[i].node;
        if (!child->mark) {
            child->mark = 1;
            if (is_dir(child)) {
                child->parent = dir;
                mark_reachable(child);
            }
        }
    }
}

static int freeable(const struct inode *n) {
    return n != &root_node && !n->cur_links && !n->dur_links && !n->opens && !n->nlookup;
}

/* Frees every node nothing holds. Freeing a directory can free what it named, so each free restarts the scan. */
static void collect_garbage(void) {
    struct inode *n = all_head;
    while (n != NULL) {
        if (freeable(n)) {
            maybe_free(n);
            n = all_head;
        } else {
            n = n->next;
        }
    }
}

/*
 * Between two mounts: every file back to its durable data, every directory back to its durable
 * entries, then whatever the root no longer reaches is gone. The kernel holds no reference any more,
 * so lookup and open counts are reset. Every node is held (opens = 1) while entries change, so that
 * nothing is freed under the loops.
 */
void power_loss(size_t *dropped_pages) {
    *dropped_pages = 0;
    for (struct inode *n = all_head; n != NULL; n = n->next) {
        n->nlookup = 0;
        n->opens = 1;
        n->mark = 0;
        *dropped_pages += file_revert(n);
    }
    for (struct inode *n = all_head; n != NULL; n = n->next) {
        if (is_dir(n)) {
            entries_copy(&n->cur_ents, 0, &n->dur_ents);
        }
    }
    mark_reachable(&root_node);
    for (struct inode *n = all_head; n != NULL; n = n->next) {
        if (!n->mark) {
            entries_free(&n->cur_ents, 0);
            entries_free(&n->dur_ents, 1);
        }
    }
    for (struct inode *n = all_head; n != NULL; n = n->next) {
        n->opens = 0;
    }
    collect_garbage();
}

/*
 * "commit-entries": every directory's current entries become durable, as a file system journal
 * commit would make them (ext4 commits every 5 s), but no file data: a file whose data was never
 * fsynced then comes back with its entry and its last fsynced size. Nodes are held while the
 * entries change, so that nothing is freed under the loop.
 */
void commit_entries(void) {
    for (struct inode *n = all_head; n != NULL; n = n->next) {
        n->opens++;
    }
    for (struct inode *n = all_head; n != NULL; n = n->next) {
        if (is_dir(n)) {
            entries_copy(&n->dur_ents, 1, &n->cur_ents);
        }
    }
    for (struct inode *n = all_head; n != NULL; n = n->next) {
        n->opens--;
    }
    collect_garbage();
}

/* A new mount: the kernel knows no node and has no file open. */
void forget_kernel_refs(void) {
    for (struct inode *n = all_head; n != NULL; n = n->next) {
        n->nlookup = 0;
        n->opens = 0;
    }
    collect_garbage();
}
