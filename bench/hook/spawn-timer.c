/* spawn-timer: runs a command N times, each time feeding one payload file on stdin and reading its stdout to the
 * end, and prints one line per run: the wall time from fork to reaped exit in microseconds, and the child's peak RSS
 * in KB (ru_maxrss from wait4).
 *
 * It is written in C because a child's ru_maxrss counts the memory of the process that forked it until the exec: a
 * Python or .NET parent would add its own 10-20 MB to every number. Forked from this small program, /bin/true reports
 * about 1 MB, as it should.
 *
 * usage: spawn-timer RUNS PAYLOAD_FILE... -- COMMAND [ARG...]   (payloads are used in turn) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PAYLOADS 64
#define MAX_PAYLOAD_BYTES (60 * 1024) /* below the pipe buffer: written whole before the child starts */

static char *read_file(const char *path, size_t *length) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) { perror(path); exit(2); }
    char *buffer = malloc(MAX_PAYLOAD_BYTES);
    ssize_t n = read(fd, buffer, MAX_PAYLOAD_BYTES);
    if (n < 0) { perror(path); exit(2); }
    close(fd);
    *length = (size_t)n;
    return buffer;
}

static long long now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000LL + t.tv_nsec / 1000;
}

int main(int argc, char **argv) {
    if (argc < 5) { fprintf(stderr, "usage: spawn-timer RUNS PAYLOAD_FILE... -- COMMAND [ARG...]\n"); return 2; }
    int runs = atoi(argv[1]);
    char *payloads[MAX_PAYLOADS];
    size_t lengths[MAX_PAYLOADS];
    int count = 0, i = 2;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (count == MAX_PAYLOADS) { fprintf(stderr, "too many payloads\n"); return 2; }
        payloads[count] = read_file(argv[i], &lengths[count]);
        count++;
    }
    if (i >= argc - 1 || count == 0) { fprintf(stderr, "usage: spawn-timer RUNS PAYLOAD_FILE... -- COMMAND [ARG...]\n"); return 2; }
    char **command = &argv[i + 1];
    char sink[65536];

    for (int run = 0; run < runs; run++) {
        int in[2], out[2];
        if (pipe(in) != 0 || pipe(out) != 0) { perror("pipe"); return 2; }
        size_t length = lengths[run % count];
        if (write(in[1], payloads[run % count], length) != (ssize_t)length) { perror("write"); return 2; }
        close(in[1]);

        long long started = now_us();
        pid_t pid = fork();
        if (pid < 0) { perror("fork"); return 2; }
        if (pid == 0) {
            dup2(in[0], 0);
            dup2(out[1], 1);
            close(in[0]); close(out[0]); close(out[1]);
            execvp(command[0], command);
            perror(command[0]);
            _exit(127);
        }
        close(in[0]);
        close(out[1]);
        while (read(out[0], sink, sizeof sink) > 0) { }
        close(out[0]);
        int status;
        struct rusage usage;
        if (wait4(pid, &status, 0, &usage) != pid) { perror("wait4"); return 2; }
        long long elapsed = now_us() - started;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "%s exited with status %d\n", command[0], WIFEXITED(status) ? WEXITSTATUS(status) : -1);
            return 1;
        }
        printf("%lld %ld\n", elapsed, usage.ru_maxrss);
    }
    return 0;
}
