/*
 * powerfs: a FUSE file system that forgets, on command, everything that was not made durable, as a
 * machine that loses power does. Brook's jepsen-style tests mount it over each broker's data
 * directory; io.brook.jepsen.powerfs.PowerFs compiles this file with gcc against libfuse3 and runs it.
 *
 * Usage: powerfs MOUNTPOINT    (as root; stays in the foreground; commands on stdin, one per line)
 *
 * Two states
 *   Every file and directory has a CURRENT state, which is what processes see, and a DURABLE state,
 *   which is what survives a power loss. All data lives in this process's memory: after the process
 *   exits nothing is left (copy the files out first if they are wanted).
 *   - write, truncate, fallocate change a file's current data and size only.
 *   - fsync or fdatasync of a file makes its current data and size durable (both calls do the same).
 *   - create, mknod, mkdir, unlink, rmdir, rename and link change the current entries of the
 *     directories involved only. fsync of a directory (fsyncdir: Java's
 *     FileChannel.open(dir, READ).force(true)) makes that directory's current entries durable: names
 *     added, removed, renamed into or out of it. Nothing else makes an entry durable.
 *   - So a file created and fsynced whose directory was never fsynced is gone after a power loss; a
 *     rename whose directory was never fsynced is undone; a rename across two directories of which
 *     only the target was fsynced leaves the file under both names. A file whose entry is durable but
 *     whose data was never fsynced comes back with its last fsynced size (0 when never fsynced).
 *   - rename is atomic in the current state (one request, one step).
 *   - Attributes other than size (mode, owner, times) are not versioned: they keep their current
 *     value across a power loss. Symbolic links and extended attributes are not supported.
 *
 * Power loss
 *   The command "power-loss" on stdin unmounts the file system (lazily, so the unmount never waits for
 *   the caller's other mounts; the processes using it must already be dead, e.g. killed with -9),
 *   waits until the kernel has closed the connection, reverts every file's data and size and every
 *   directory's entries to their durable state, drops every file and directory no longer reachable
 *   from the root, and mounts again. A new mount starts with empty kernel caches: the kernel's page
 *   and dentry caches of the old mount, which still held the lost data, are gone with it.
 *
 * Commands (stdin) and answers (stdout, one line each, after the command took effect)
 *   power-loss  unmount, revert to the durable state, mount  -> "mounted power-loss <stats>"
 *   remount     unmount and mount again, keeping the current state -> "mounted remount <stats>"
 *   stats       -> "stats <stats>" (answered between requests, so the numbers are consistent)
 *   commit-entries  every directory's current entries become durable, no file data does (what a
 *               journal commit does on ext4) -> "committed <stats>"
 *   quit, or end of input: unmount and exit -> "bye"
 *   On start: "mounted start <stats>". Errors go to stderr; a failed mount exits with status 1.
 *   <stats> is "inodes=N pages=N bytes=N dirty-pages=N": live inodes, 4 KiB pages held (shared pages
 *   counted once), file bytes in the current state, pages whose current content is not durable yet.
 *
 * Memory
 *   File data is kept in reference-counted 4 KiB pages; a file has two page tables (current and
 *   durable) that share every page that is the same in both. A write to a shared page copies that one
 *   page; fsync moves the pages written since the last fsync (a list of dirty page numbers) from the
 *   current table to the durable one, so its cost and the memory held are proportional to what was
 *   written, not to the file size. Holes and truncated ranges hold no page.
 *
 * Files
 *   state.c (state.h) holds the file system state and the rules above; this file is the FUSE
 *   plumbing: requests, mounts, commands.
 *
 * Threads
 *   One thread serves the FUSE requests and owns every data structure; a second thread reads stdin
 *   and only sets a flag, triggers the unmount and wakes the first. Reverting happens on the serving
 *   thread between two mounts, when no request can arrive.
 */
#define FUSE_USE_VERSION 34
#define _GNU_SOURCE

#include <fuse_lowlevel.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "state.h"

#define ATTR_TIMEOUT 1.0

static struct inode *node_of(fuse_ino_t ino) {
    return ino == FUSE_ROOT_ID ? &root_node : (struct inode *) (uintptr_t) ino;
}

static fuse_ino_t ino_of(struct inode *n) {
    return n == &root_node ? FUSE_ROOT_ID : (fuse_ino_t) (uintptr_t) n;
}

/* ---- FUSE requests -------------------------------------------------------------------------- */

static void fill_stat(struct inode *n, struct stat *st) {
    memset(st, 0, sizeof *st);
    st->st_ino = n->number;
    st->st_mode = n->mode;
    st->st_nlink = is_dir(n) ? 2 : n->cur_links;
    st->st_uid = n->uid;
    st->st_gid = n->gid;
    st->st_size = is_dir(n) ? 4096 : n->cur_size;
    st->st_blksize = PAGE;
    st->st_blocks = (blkcnt_t) pages_for(st->st_size) * (PAGE / 512);
    st->st_atim = n->atime;
    st->st_mtim = n->mtime;
    st->st_ctim = n->ctime;
}

/* The kernel's entry for n; it now holds one more lookup reference, which a forget gives back. */
static void fill_entry(struct inode *n, struct fuse_entry_param *e) {
    memset(e, 0, sizeof *e);
    e->ino = ino_of(n);
    e->attr_timeout = ATTR_TIMEOUT;
    e->entry_timeout = ATTR_TIMEOUT;
    fill_stat(n, &e->attr);
    n->nlookup++;
}

static void reply_entry(fuse_req_t req, struct inode *n) {
    struct fuse_entry_param e;
    fill_entry(n, &e);
    fuse_reply_entry(req, &e);
}

static void touch_dir(struct inode *dir) {
    now(&dir->mtime);
    dir->ctime = dir->mtime;
}

static void pf_init(void *userdata, struct fuse_conn_info *conn) {
    (void) userdata;
    /* Write-through: every write reaches this process before the write call returns. */
    conn->want &= ~FUSE_CAP_WRITEBACK_CACHE;
}

static void pf_lookup(fuse_req_t req, fuse_ino_t parent, const char *name) {
    struct inode *dir = node_of(parent);
    struct entry *e = is_dir(dir) ? entries_find(&dir->cur_ents, name) : NULL;
    if (e == NULL) {
        fuse_reply_err(req, is_dir(dir) ? ENOENT : ENOTDIR);
        return;
    }
    reply_entry(req, e->node);
}

static void pf_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup) {
    struct inode *n = node_of(ino);
    n->nlookup = n->nlookup > nlookup ? n->nlookup - nlookup : 0;
    maybe_free(n);
    fuse_reply_none(req);
}

static void pf_forget_multi(fuse_req_t req, size_t count, struct fuse_forget_data *forgets) {
    for (size_t i = 0; i < count; i++) {
        struct inode *n = node_of(forgets[i].ino);
        n->nlookup = n->nlookup > forgets[i].nlookup ? n->nlookup - forgets[i].nlookup : 0;
        maybe_free(n);
    }
    fuse_reply_none(req);
}

static void pf_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    (void) fi;
    struct stat st;
    fill_stat(node_of(ino), &st);
    fuse_reply_attr(req, &st, ATTR_TIMEOUT);
}

static void pf_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int to_set, struct fuse_file_info *fi) {
    (void) fi;
    struct inode *n = node_of(ino);
    if (to_set & FUSE_SET_ATTR_SIZE) {
        if (is_dir(n)) {
            fuse_reply_err(req, EISDIR);
            return;
        }
        file_truncate(n, attr->st_size);
        now(&n->mtime);
    }
    if (to_set & FUSE_SET_ATTR_MODE) {
        n->mode = (n->mode & S_IFMT) | (attr->st_mode & 07777);
    }
    if (to_set & FUSE_SET_ATTR_UID) {
        n->uid = attr->st_uid;
    }
    if (to_set & FUSE_SET_ATTR_GID) {
        n->gid = attr->st_gid;
    }
    if (to_set & FUSE_SET_ATTR_ATIME) {
        n->atime = attr->st_atim;
    }
    if (to_set & FUSE_SET_ATTR_MTIME) {
        n->mtime = attr->st_mtim;
    }
    if (to_set & FUSE_SET_ATTR_ATIME_NOW) {
        now(&n->atime);
    }
    if (to_set & FUSE_SET_ATTR_MTIME_NOW) {
        now(&n->mtime);
    }
    now(&n->ctime);
    struct stat st;
    fill_stat(n, &st);
    fuse_reply_attr(req, &st, ATTR_TIMEOUT);
}

/* A new node named `name` in `parent`, or an errno. */
static int make_node(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode, struct inode **out) {
    struct inode *dir = node_of(parent);
    if (!is_dir(dir)) {
        return ENOTDIR;
    }
    if (entries_find(&dir->cur_ents, name) != NULL) {
        return EEXIST;
    }
    const struct fuse_ctx *ctx = fuse_req_ctx(req);
    struct inode *n = inode_new(mode, ctx->uid, ctx->gid);
    if (is_dir(n)) {
        n->parent = dir;
    }
    entries_add(&dir->cur_ents, name, n, 0);
    touch_dir(dir);
    *out = n;
    return 0;
}

static void pf_mknod(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode, dev_t rdev) {
    (void) rdev;
    if (!S_ISREG(mode)) {
        fuse_reply_err(req, EPERM);
        return;
    }
    struct inode *n;
    int err = make_node(req, parent, name, mode, &n);
    if (err) {
        fuse_reply_err(req, err);
    } else {
        reply_entry(req, n);
    }
}

static void pf_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode) {
    struct inode *n;
    int err = make_node(req, parent, name, S_IFDIR | (mode & 07777), &n);
    if (err) {
        fuse_reply_err(req, err);
    } else {
        reply_entry(req, n);
    }
}

static void pf_create(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode, struct fuse_file_info *fi) {
    struct inode *n;
    int err = make_node(req, parent, name, S_IFREG | (mode & 07777), &n);
    if (err) {
        fuse_reply_err(req, err);
        return;
    }
    struct fuse_entry_param e;
    fill_entry(n, &e);
    n->opens++;
    fi->keep_cache = 1;
    fuse_reply_create(req, &e, fi);
}

static void pf_unlink(fuse_req_t req, fuse_ino_t parent, const char *name) {
    struct inode *dir = node_of(parent);
    struct entry *e = entries_find(&dir->cur_ents, name);
    if (e == NULL) {
        fuse_reply_err(req, ENOENT);
        return;
    }
    if (is_dir(e->node)) {
        fuse_reply_err(req, EISDIR);
        return;
    }
    now(&e->node->ctime);
    entries_remove(&dir->cur_ents, e, 0);
    touch_dir(dir);
    fuse_reply_err(req, 0);
}

static void pf_rmdir(fuse_req_t req, fuse_ino_t parent, const char *name) {
    struct inode *dir = node_of(parent);
    struct entry *e = entries_find(&dir->cur_ents, name);
    if (e == NULL) {
        fuse_reply_err(req, ENOENT);
        return;
    }
    if (!is_dir(e->node)) {
        fuse_reply_err(req, ENOTDIR);
        return;
    }
    if (e->node->cur_ents.n != 0) {
        fuse_reply_err(req, ENOTEMPTY);
        return;
    }
    e->node->parent = NULL;
    entries_remove(&dir->cur_ents, e, 0);
    touch_dir(dir);
    fuse_reply_err(req, 0);
}

static int is_ancestor(struct inode *maybe, struct inode *of) {
    for (struct inode *d = of; d != NULL; d = d->parent) {
        if (d == maybe) {
            return 1;
        }
        if (d == &root_node) {
            break;
        }
    }
    return 0;
}

static void pf_rename(fuse_req_t req, fuse_ino_t parent, const char *name, fuse_ino_t newparent,
                      const char *newname, unsigned int flags) {
    struct inode *from = node_of(parent), *to = node_of(newparent);
    if (flags & ~RENAME_NOREPLACE) {
        fuse_reply_err(req, EINVAL);
        return;
    }
    struct entry *src = entries_find(&from->cur_ents, name);
    if (src == NULL) {
        fuse_reply_err(req, ENOENT);
        return;
    }
    struct inode *n = src->node;
    if (!is_dir(to)) {
        fuse_reply_err(req, ENOTDIR);
        return;
    }
    if (is_dir(n) && is_ancestor(n, to)) {
        fuse_reply_err(req, EINVAL);
        return;
    }
    struct entry *dst = entries_find(&to->cur_ents, newname);
    if (dst != NULL && dst->node == n) {
        fuse_reply_err(req, 0); /* the same file under both names: POSIX says do nothing */
        return;
    }
    if (dst != NULL) {
        if (flags & RENAME_NOREPLACE) {
            fuse_reply_err(req, EEXIST);
            return;
        }
        if (is_dir(dst->node) && !is_dir(n)) {
            fuse_reply_err(req, EISDIR);
            return;
        }
        if (!is_dir(dst->node) && is_dir(n)) {
            fuse_reply_err(req, ENOTDIR);
            return;
        }
        if (is_dir(dst->node) && dst->node->cur_ents.n != 0) {
            fuse_reply_err(req, ENOTEMPTY);
            return;
        }
    }
    /* One step: hold the node, drop the old name, replace or add the new one. */
    n->opens++;
    entries_remove(&from->cur_ents, src, 0);
    dst = entries_find(&to->cur_ents, newname);
    if (dst != NULL) {
        if (is_dir(dst->node)) {
            dst->node->parent = NULL;
        }
        entries_remove(&to->cur_ents, dst, 0);
    }
    entries_add(&to->cur_ents, newname, n, 0);
    if (is_dir(n)) {
        n->parent = to;
    }
    n->opens--;
    now(&n->ctime);
    touch_dir(from);
    touch_dir(to);
    fuse_reply_err(req, 0);
}

static void pf_link(fuse_req_t req, fuse_ino_t ino, fuse_ino_t newparent, const char *newname) {
    struct inode *n = node_of(ino), *dir = node_of(newparent);
    if (is_dir(n)) {
        fuse_reply_err(req, EPERM);
        return;
    }
    if (entries_find(&dir->cur_ents, newname) != NULL) {
        fuse_reply_err(req, EEXIST);
        return;
    }
    entries_add(&dir->cur_ents, newname, n, 0);
    now(&n->ctime);
    touch_dir(dir);
    reply_entry(req, n);
}

static void pf_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    struct inode *n = node_of(ino);
    if (is_dir(n)) {
        fuse_reply_err(req, EISDIR);
        return;
    }
    if (fi->flags & O_TRUNC) {
        file_truncate(n, 0); /* the kernel passes O_TRUNC here when it offers atomic truncation on open */
        now(&n->mtime);
    }
    n->opens++;
    fi->keep_cache = 1; /* every change goes through this mount, so the kernel's cache stays right */
    fuse_reply_open(req, fi);
}

static void pf_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    (void) fi;
    struct inode *n = node_of(ino);
    if (n->opens > 0) {
        n->opens--;
    }
    maybe_free(n);
    fuse_reply_err(req, 0);
}

static void pf_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi) {
    (void) fi;
    struct inode *n = node_of(ino);
    if (off >= n->cur_size) {
        fuse_reply_buf(req, NULL, 0);
        return;
    }
    if ((off_t) size > n->cur_size - off) {
        size = (size_t) (n->cur_size - off);
    }
    size_t count = size / PAGE + 2;
    struct iovec stack_iov[64] = {{0}};
    struct iovec *iov = count <= 64 ? stack_iov : malloc(count * sizeof *iov);
    int k = 0;
    size_t done = 0;
    while (done < size) {
        size_t i, in_page;
        size_t chunk = page_piece(off, done, size, &i, &in_page);
        struct page *p = i < n->cap ? n->cur[i] : NULL;
        iov[k].iov_base = (void *) ((p != NULL ? p->data : zero_page) + in_page);
        iov[k].iov_len = chunk;
        k++;
        done += chunk;
    }
    fuse_reply_iov(req, iov, k);
    if (iov != stack_iov) {
        free(iov);
    }
}

static void pf_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off,
                     struct fuse_file_info *fi) {
    (void) fi;
    struct inode *n = node_of(ino);
    file_write(n, buf, size, off);
    now(&n->mtime);
    fuse_reply_write(req, size);
}

static void pf_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    (void) ino;
    (void) fi;
    fuse_reply_err(req, 0); /* close() makes nothing durable */
}

static void pf_fsync(fuse_req_t req, fuse_ino_t ino, int datasync, struct fuse_file_info *fi) {
    (void) datasync;
    (void) fi;
    file_sync(node_of(ino));
    fuse_reply_err(req, 0);
}

static void pf_fallocate(fuse_req_t req, fuse_ino_t ino, int mode, off_t offset, off_t length,
                         struct fuse_file_info *fi) {
    (void) fi;
    struct inode *n = node_of(ino);
    if (mode & ~FALLOC_FL_KEEP_SIZE) {
        fuse_reply_err(req, EOPNOTSUPP);
        return;
    }
    /* Allocation changes nothing a reader sees but the size: holes already read as zeros. */
    if (!(mode & FALLOC_FL_KEEP_SIZE) && offset + length > n->cur_size) {
        file_reserve(n, pages_for(offset + length));
        n->cur_size = offset + length;
    }
    fuse_reply_err(req, 0);
}

/* A directory's entries as they were when it was opened, so that readdir offsets stay valid. */
struct listing {
    size_t n;
    struct {
        char *name;
        uint64_t number;
        mode_t mode;
    } *v;
};

static void pf_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    struct inode *dir = node_of(ino);
    if (!is_dir(dir)) {
        fuse_reply_err(req, ENOTDIR);
        return;
    }
    struct listing *l = calloc(1, sizeof *l);
    l->v = calloc(dir->cur_ents.n + 2, sizeof *l->v);
    struct inode *up = dir->parent != NULL ? dir->parent : dir;
    l->v[0].name = strdup(".");
    l->v[0].number = dir->number;
    l->v[0].mode = dir->mode;
    l->v[1].name = strdup("..");
    l->v[1].number = up->number;
    l->v[1].mode = up->mode;
    l->n = 2;
    for (size_t i = 0; i < dir->cur_ents.n; i++, l->n++) {
        l->v[l->n].name = strdup(dir->cur_ents.v[i].name);
        l->v[l->n].number = dir->cur_ents.v[i].node->number;
        l->v[l->n].mode = dir->cur_ents.v[i].node->mode;
    }
    fi->fh = (uint64_t) (uintptr_t) l;
    dir->opens++;
    fuse_reply_open(req, fi);
}

static void pf_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi) {
    (void) ino;
    struct listing *l = (struct listing *) (uintptr_t) fi->fh;
    char *buf = malloc(size);
    size_t used = 0;
    for (size_t i = (size_t) off; i < l->n; i++) {
        struct stat st;
        memset(&st, 0, sizeof st);
        st.st_ino = l->v[i].number;
        st.st_mode = l->v[i].mode;
        size_t len = fuse_add_direntry(req, buf + used, size - used, l->v[i].name, &st, (off_t) (i + 1));
        if (len > size - used) {
            break;
        }
        used += len;
    }
    fuse_reply_buf(req, buf, used);
    free(buf);
}

static void pf_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    struct listing *l = (struct listing *) (uintptr_t) fi->fh;
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].name);
    }
    free(l->v);
    free(l);
    struct inode *dir = node_of(ino);
    if (dir->opens > 0) {
        dir->opens--;
    }
    maybe_free(dir);
    fuse_reply_err(req, 0);
}

static void pf_fsyncdir(fuse_req_t req, fuse_ino_t ino, int datasync, struct fuse_file_info *fi) {
    (void) datasync;
    (void) fi;
    struct inode *dir = node_of(ino);
    entries_copy(&dir->dur_ents, 1, &dir->cur_ents);
    fuse_reply_err(req, 0);
}

static void pf_statfs(fuse_req_t req, fuse_ino_t ino) {
    (void) ino;
    struct statvfs st;
    memset(&st, 0, sizeof st);
    st.f_bsize = PAGE;
    st.f_frsize = PAGE;
    st.f_blocks = 1u << 24; /* 64 GiB, nominal: the limit is this process's memory */
    st.f_bfree = st.f_blocks - (pages_held < st.f_blocks ? pages_held : st.f_blocks);
    st.f_bavail = st.f_bfree;
    st.f_files = 1u << 20;
    st.f_ffree = st.f_files - live_inodes;
    st.f_favail = st.f_ffree;
    st.f_namemax = 255;
    fuse_reply_statfs(req, &st);
}

static const struct fuse_lowlevel_ops ops = {
    .init = pf_init,
    .lookup = pf_lookup,
    .forget = pf_forget,
    .forget_multi = pf_forget_multi,
    .getattr = pf_getattr,
    .setattr = pf_setattr,
    .mknod = pf_mknod,
    .mkdir = pf_mkdir,
    .create = pf_create,
    .unlink = pf_unlink,
    .rmdir = pf_rmdir,
    .rename = pf_rename,
    .link = pf_link,
    .open = pf_open,
    .release = pf_release,
    .read = pf_read,
    .write = pf_write,
    .flush = pf_flush,
    .fsync = pf_fsync,
    .fallocate = pf_fallocate,
    .opendir = pf_opendir,
    .readdir = pf_readdir,
    .releasedir = pf_releasedir,
    .fsyncdir = pf_fsyncdir,
    .statfs = pf_statfs,
};

/* ---- mounts and commands -------------------------------------------------------------------- */

enum command { NONE, POWER_LOSS, REMOUNT, QUIT, STATS };

static const char *mountpoint;
static atomic_int pending = NONE;
static atomic_int stats_wanted = 0;
static atomic_int commit_wanted = 0;

/* Makes the serving thread's blocking read return: a lookup of a name that is never cached. */
static void wake(void) {
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/.powerfs-wake-%ld", mountpoint, (long) random());
    stat(path, &st);
}

/*
 * Ends the kernel's side of a connection that a lazy unmount left alive because something still uses
 * it (an open file, a mapping): as at a power cut, those users get errors (ENOTCONN) from then on.
 */
static void abort_connection(dev_t dev) {
    char path[128];
    snprintf(path, sizeof path, "/sys/fs/fuse/connections/%u/abort", minor(dev));
    if (access(path, F_OK) != 0) {
        mount("fusectl", "/sys/fs/fuse/connections", "fusectl", 0, NULL); /* EBUSY when already there */
    }
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        fprintf(stderr, "powerfs: cannot abort the connection of %s (%s): %s\n", mountpoint, path, strerror(errno));
        return;
    }
    fputs("1", f);
    fclose(f);
    fprintf(stderr, "powerfs: %s was still in use after the unmount: connection aborted\n", mountpoint);
}

/* How many mounts the serving thread has finished serving. */
static atomic_int served = 0;

static void *commands(void *unused) {
    (void) unused;
    char line[256];
    for (;;) {
        enum command c = QUIT;
        if (fgets(line, sizeof line, stdin) != NULL) {
            line[strcspn(line, "\r\n")] = '\0';
            if (strcmp(line, "power-loss") == 0) {
                c = POWER_LOSS;
            } else if (strcmp(line, "remount") == 0) {
                c = REMOUNT;
            } else if (strcmp(line, "stats") == 0) {
                c = STATS;
            } else if (strcmp(line, "commit-entries") == 0) {
                atomic_store(&commit_wanted, 1);
                wake();
                continue;
            } else if (strcmp(line, "quit") != 0) {
                fprintf(stderr, "powerfs: unknown command '%s' (power-loss, remount, stats, commit-entries, quit)\n", line);
                continue;
            }
        }
        if (c == STATS) {
            atomic_store(&stats_wanted, 1);
            wake();
            continue;
        }
        struct stat st;
        int have_dev = stat(mountpoint, &st) == 0;
        int before = atomic_load(&served);
        atomic_store(&pending, c);
        /* Lazy: detaches at once; the kernel closes the connection when the last user is gone. */
        if (umount2(mountpoint, MNT_DETACH) != 0) {
            perror("powerfs: umount2");
            printf("error cannot unmount %s: %s\n", mountpoint, strerror(errno));
            fflush(stdout);
            atomic_store(&pending, NONE);
            continue;
        }
        /* Whatever still uses the old mount gets 5 s to let go (none for quit), then loses it. */
        for (int waited = 0; c != QUIT && waited < 5000 && atomic_load(&served) == before; waited++) {
            struct timespec t = {0, 1000000};
            nanosleep(&t, NULL);
        }
        if (atomic_load(&served) == before && have_dev) {
            abort_connection(st.st_dev);
        }
        if (c == QUIT) {
            return NULL;
        }
        /* The serving thread answers after it has mounted again; wait for it before the next command. */
        while (atomic_load(&pending) != NONE) {
            struct timespec t = {0, 1000000};
            nanosleep(&t, NULL);
        }
    }
}

static void announce(const char *what) {
    char s[256];
    stats(s, sizeof s);
    printf("%s %s\n", what, s);
    fflush(stdout);
}

/* Serves one mount until the kernel closes the connection; answers "stats" between requests. */
static int serve(struct fuse_session *se) {
    struct fuse_buf buf = {.mem = NULL};
    int res = 0;
    while (!fuse_session_exited(se)) {
        res = fuse_session_receive_buf(se, &buf);
        if (res == -EINTR) {
            continue;
        }
        if (res <= 0) {
            break;
        }
        fuse_session_process_buf(se, &buf);
        if (atomic_exchange(&commit_wanted, 0)) {
            commit_entries();
            announce("committed");
        }
        if (atomic_exchange(&stats_wanted, 0)) {
            announce("stats");
        }
    }
    free(buf.mem);
    return res == -ENODEV || res == 0 ? 0 : res;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s MOUNTPOINT   (commands on stdin: power-loss, remount, stats, quit)\n", argv[0]);
        return 2;
    }
    mountpoint = argv[1];
    root_node.number = 1;
    root_node.mode = S_IFDIR | 0755;
    root_node.parent = &root_node;
    now(&root_node.atime);
    root_node.mtime = root_node.ctime = root_node.atime;
    srandom((unsigned) getpid());

    pthread_t reader;
    int started = 0;
    const char *why = "mounted start";
    for (;;) {
        char *args_v[] = {argv[0], "-o", "fsname=powerfs,subtype=powerfs,default_permissions", NULL};
        struct fuse_args args = FUSE_ARGS_INIT(3, args_v);
        struct fuse_session *se = fuse_session_new(&args, &ops, sizeof ops, NULL);
        if (se == NULL || fuse_session_mount(se, mountpoint) != 0) {
            fprintf(stderr, "powerfs: cannot mount %s\n", mountpoint);
            return 1;
        }
        atomic_store(&pending, NONE);
        announce(why);
        if (!started) {
            pthread_create(&reader, NULL, commands, NULL);
            started = 1;
        }
        int res = serve(se);
        atomic_fetch_add(&served, 1);
        fuse_session_unmount(se);
        fuse_session_destroy(se);
        if (res != 0) {
            fprintf(stderr, "powerfs: serving %s failed: %s\n", mountpoint, strerror(-res));
        }
        enum command c = atomic_load(&pending);
        if (c == POWER_LOSS) {
            size_t dropped;
            power_loss(&dropped);
            fprintf(stderr, "powerfs: power loss on %s: %zu unsynced pages dropped\n", mountpoint, dropped);
            why = "mounted power-loss";
        } else if (c == REMOUNT) {
            forget_kernel_refs();
            why = "mounted remount";
        } else {
            /* quit, or the mount went away without a command (someone else unmounted it) */
            printf("bye\n");
            fflush(stdout);
            return res == 0 ? 0 : 1;
        }
    }
}
