/* The physical floor of a build, for issue #20's comparison: read every
 * input file of a site, then write the same files and folders a lumbar build
 * wrote, with the same bytes, and nothing else. No parsing, no rendering.
 *
 *   cc -O2 -o target/floor benches/floor.c
 *   target/floor SITE_DIR REFERENCE_PUBLIC OUT_DIR
 *
 * REFERENCE_PUBLIC is a finished lumbar build of SITE_DIR; its files are
 * loaded into memory before the clock starts, so what is timed is reading the
 * inputs and writing the output. OUT_DIR must not exist. Prints the seconds
 * taken; benches/bench.py --floor runs it beside lumbar.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct file {
    char *rel;      /* path below the root, or a folder's path */
    char *bytes;    /* NULL for a folder */
    size_t len;
};

static struct file *files;
static size_t nfiles, cap;
static size_t root_len;
static size_t input_bytes;

static void die(const char *what, const char *path) {
    fprintf(stderr, "floor: %s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

static char *slurp(const char *path, size_t *len) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) die("open", path);
    struct stat st;
    if (fstat(fd, &st) < 0) die("stat", path);
    char *buf = malloc(st.st_size ? st.st_size : 1);
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, st.st_size - got);
        if (n <= 0) die("read", path);
        got += n;
    }
    close(fd);
    *len = got;
    return buf;
}

/* The reference output, folders before the files in them (nftw's order). */
static int keep(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void)st;
    if (ftw->level == 0) return 0;
    if (nfiles == cap) {
        cap = cap ? cap * 2 : 4096;
        files = realloc(files, cap * sizeof *files);
    }
    struct file *f = &files[nfiles++];
    f->rel = strdup(path + root_len + 1);
    f->bytes = NULL;
    f->len = 0;
    if (type == FTW_F) f->bytes = slurp(path, &f->len);
    return 0;
}

/* Every input file of the site, read and dropped, as a build reads them. */
static int read_input(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void)st;
    (void)ftw;
    if (type == FTW_F) {
        size_t len;
        free(slurp(path, &len));
        input_bytes += len;
    }
    return 0;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: floor SITE_DIR REFERENCE_PUBLIC OUT_DIR\n");
        return 2;
    }
    const char *site = argv[1], *ref = argv[2], *out = argv[3];
    root_len = strlen(ref);
    while (root_len > 1 && ref[root_len - 1] == '/') root_len--;
    if (nftw(ref, keep, 64, FTW_PHYS) != 0) die("walk", ref);

    double start = now();
    /* What lumbar reads: the site's sources (content, static, data, themes
     * and site.toml), not its output or caches. */
    const char *inputs[] = {"content", "static", "data", "themes", "site.toml"};
    char path[4096];
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        snprintf(path, sizeof path, "%s/%s", site, inputs[i]);
        struct stat st;
        if (stat(path, &st) == 0 && nftw(path, read_input, 64, FTW_PHYS) != 0) die("walk", path);
    }
    if (mkdir(out, 0755) < 0) die("mkdir", out);
    size_t written = 0;
    for (size_t i = 0; i < nfiles; i++) {
        snprintf(path, sizeof path, "%s/%s", out, files[i].rel);
        if (!files[i].bytes) {
            if (mkdir(path, 0755) < 0) die("mkdir", path);
            continue;
        }
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0) die("create", path);
        size_t put = 0;
        while (put < files[i].len) {
            ssize_t n = write(fd, files[i].bytes + put, files[i].len - put);
            if (n <= 0) die("write", path);
            put += n;
        }
        close(fd);
        written += files[i].len;
    }
    printf("%.3f s: read %zu input bytes, wrote %zu entries, %zu bytes\n", now() - start,
           input_bytes, nfiles, written);
    return 0;
}
