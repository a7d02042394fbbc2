/* popen_floor COUNT THREADS [COMMAND]: what exec_dset costs in C. Each of THREADS threads runs COUNT/THREADS times
   popen(COMMAND, "r") (default "echo sip:a@127.0.0.1 'sip:bob@127.0.0.1'"), reads the lines with fgets and pcloses:
   the cost floor of running /bin/sh for every request, as Kamailio's exec module does. Exit 1 if a command fails.
   With POPEN_FLOOR_REPORT=FILE in the environment, the loops' wall time per command in microseconds (the program's
   own start left out) is written to FILE (tools/ExecToolkit.Paired uses it). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int per_thread;
static const char *command = "echo sip:a@127.0.0.1 'sip:bob@127.0.0.1'";
static int failed;

static void *work(void *arg)
{
    char line[1024];
    (void)arg;
    for (int i = 0; i < per_thread; i++) {
        FILE *pipe = popen(command, "r");
        if (pipe == NULL) {
            __atomic_add_fetch(&failed, 1, __ATOMIC_RELAXED);
            continue;
        }
        while (fgets(line, sizeof line, pipe) != NULL) {
        }
        if (pclose(pipe) != 0) {
            __atomic_add_fetch(&failed, 1, __ATOMIC_RELAXED);
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: popen_floor COUNT THREADS [COMMAND]\n");
        return 2;
    }
    if (argc == 4) {
        command = argv[3];
    }
    int count = atoi(argv[1]);
    int threads = atoi(argv[2]);
    if (count < 1 || threads < 1 || threads > 64) {
        return 2;
    }
    per_thread = count / threads;
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pthread_t ids[64];
    for (int t = 0; t < threads; t++) {
        pthread_create(&ids[t], NULL, work, NULL);
    }
    for (int t = 0; t < threads; t++) {
        pthread_join(ids[t], NULL);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    const char *report = getenv("POPEN_FLOOR_REPORT");
    if (report != NULL) {
        FILE *out = fopen(report, "w");
        if (out == NULL) {
            return 1;
        }
        double us = ((double)(end.tv_sec - start.tv_sec) * 1e9 + (double)(end.tv_nsec - start.tv_nsec)) / 1e3;
        fprintf(out, "%.3f\n", us / (per_thread * threads));
        fclose(out);
    }
    return failed == 0 ? 0 : 1;
}
