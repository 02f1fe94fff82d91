/*
 * check.c: actes from C. Checks the IDActe given as arguments, then reads
 * the received files named after "--" (an ARActe, say), from four threads
 * at once, and prints one JSON document per line.
 *
 *   cc -Iffi/include ffi/examples/check.c -Ltarget/release -lactes -lpthread -o check
 *   ./check 062-216204982-20221214-DLB12_14122022-DE -- aractes.xml
 *
 * Exit code: 0 when every identifier is valid and every file was read as a
 * protocol message, 1 otherwise, 2 when the library misbehaves.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actes.h"

#define THREADS 4

struct job {
    const char *path;
    char *json; /* the document, from actes_receipt_read */
};

static unsigned char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0, r;
    unsigned char *buf = malloc(cap);
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            unsigned char *bigger = realloc(buf, cap *= 2);
            if (!bigger) { free(buf); buf = NULL; }
            buf = bigger;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

static void *read_receipt(void *arg) {
    struct job *job = arg;
    size_t len = 0;
    unsigned char *data = read_file(job->path, &len);
    const char *name = strrchr(job->path, '/');
    /* NULL data with a length is refused with an error document. */
    job->json = actes_receipt_read(data, data ? len : 1, name ? name + 1 : job->path, "en");
    free(data);
    return NULL;
}

int main(int argc, char **argv) {
    int status = 0, i = 1;
    printf("{\"version\":\"%s\"}\n", actes_version());

    /* A NULL argument is an error document, never a crash. */
    char *err = actes_id_check(NULL, "fr");
    if (!err || !strstr(err, "\"BIND-ARGUMENT\"")) return 2;
    printf("%s\n", err);
    actes_free(err);

    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        char *doc = actes_id_check(argv[i], "fr");
        if (!doc) return 2;
        if (!strstr(doc, "\"valid\":true")) status = 1;
        printf("%s\n", doc);
        actes_free(doc);
    }

    /* Received files, THREADS at a time: every function is thread-safe. */
    for (i++; i < argc; i += THREADS) {
        pthread_t threads[THREADS];
        struct job jobs[THREADS];
        int n = 0;
        for (; n < THREADS && i + n < argc; n++) {
            jobs[n].path = argv[i + n];
            jobs[n].json = NULL;
            if (pthread_create(&threads[n], NULL, read_receipt, &jobs[n]) != 0) return 2;
        }
        for (int k = 0; k < n; k++) {
            pthread_join(threads[k], NULL);
            if (!jobs[k].json) return 2;
            /* A file read as a protocol message has its root element. */
            if (strstr(jobs[k].json, "\"root\":null") || strstr(jobs[k].json, "\"error\":")) status = 1;
            printf("%s\n", jobs[k].json);
            actes_free(jobs[k].json);
        }
    }
    actes_free(NULL);
    return status;
}
