/*
 * powerfs's file system state, kept apart from the FUSE plumbing (powerfs.c): pages, inodes,
 * directory entries, each with a current and a durable version, and the operations that move state
 * between the two (fsync, directory fsync, journal commit, power loss). See powerfs.c's header for
 * the semantics. Single-threaded: only the thread that serves requests touches it.
 */
#ifndef POWERFS_STATE_H
#define POWERFS_STATE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#define PAGE 4096

/* A reference-counted 4 KiB page of file data, shared by the current and durable page tables. */
struct page {
    unsigned refs;
    char data[PAGE];
};

struct inode;

struct entry {
    char *name;
    struct inode *node;
};

struct entries {
    struct entry *v;
    size_t n, cap;
};

struct inode {
    uint64_t number;          /* st_ino */
    mode_t mode;
    uid_t uid;
    gid_t gid;
    struct timespec atime, mtime, ctime;
    /* regular files: page tables of equal capacity; cur[i] != dur[i] only for i in dirty[] */
    struct page **cur, **dur;
    size_t cap;
    off_t cur_size, dur_size;
    size_t *dirty;
    size_t ndirty, dirty_cap;
    /* directories */
    struct entries cur_ents, dur_ents;
    struct inode *parent;     /* current parent of a directory, for rename loops and ".." */
    /* liveness */
    unsigned cur_links, dur_links, opens;
    uint64_t nlookup;
    int mark;
    struct inode *prev, *next;
};

/*
 * The piece of the byte range [off, off + size) that starts `done` bytes into it and stays within
 * one page: its page number, its offset in that page, and (returned) its length.
 */
static inline size_t page_piece(off_t off, size_t done, size_t size, size_t *page, size_t *in_page) {
    off_t at = off + (off_t) done;
    *page = (size_t) (at / PAGE);
    *in_page = (size_t) (at % PAGE);
    return PAGE - *in_page < size - done ? PAGE - *in_page : size - done;
}

extern struct inode root_node;
extern struct inode *all_head;
extern size_t pages_held;
extern size_t live_inodes;
extern const char zero_page[PAGE];

struct inode *inode_new(mode_t mode, uid_t uid, gid_t gid);
int is_dir(const struct inode *n);
void now(struct timespec *t);
void maybe_free(struct inode *n);
struct entry *entries_find(struct entries *e, const char *name);
void entries_add(struct entries *e, const char *name, struct inode *n, int durable);
void entries_remove(struct entries *e, struct entry *at, int durable);
void entries_copy(struct entries *dst, int dst_durable, const struct entries *src);
size_t pages_for(off_t size);
void file_reserve(struct inode *n, size_t pages);
void file_write(struct inode *n, const char *buf, size_t size, off_t off);
void file_truncate(struct inode *n, off_t size);
void file_sync(struct inode *n);
void stats(char *out, size_t len);
void power_loss(size_t *dropped_pages);
void commit_entries(void);
void forget_kernel_refs(void);

#endif
