/*
 * ExecToolkit's process start on Linux: what posix_spawn does for ShellRunner, without its per-start costs.
 *
 * glibc's posix_spawn maps a fresh stack for the child and unmaps it afterwards (in a large, many-threaded process such
 * as a .NET server that pair costs about 12 us), and the caller then needs pidfd_open for a descriptor to wait on. Here
 * the child runs on a buffer in the caller's own frame (CLONE_VFORK: the caller is suspended until the child has called
 * execve or exited, as musl's posix_spawn does), and the kernel hands back the pidfd with the pid (CLONE_PIDFD).
 *
 * The child gets what ShellRunner asks of posix_spawn: the server's handled and ignored signals at their default
 * disposition (an ignored SIGPIPE in the server must not reach the command), an empty signal mask, a process group of
 * its own, descriptors 0, 1 and 2 from the given sources, every other descriptor closed, then execve. A failure in the
 * child before or in execve is reported to the caller as posix_spawn reports it: the errno value is returned, the
 * child reaped.
 *
 * Built by src/ExecToolkit/ExecToolkit.csproj with the system's C compiler where there is one; without the library the
 * runtime uses posix_spawn (ShellRunner, NativeSpawn.cs).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif

#ifndef SYS_close_range
#define SYS_close_range 436
#endif

/* Sources of descriptors 0-2 (ShellRunner's SpawnFileActions.Inherit and ChildOpensNull). */
#define ETK_INHERIT (-1)
#define ETK_OPEN_NULL (-2)

/* The kernel's struct sigaction for rt_sigaction as x86_64 and arm64 lay it out. Only the handler, the first field on
   every architecture, is ever read, and what is written is all zeros, so a layout without sa_restorer (riscv64) reads
   and writes the same. */
struct etk_kernel_sigaction {
    void *handler;
    unsigned long flags;
    void *restorer;
    uint64_t mask;
};

struct etk_child {
    const char *path;
    char *const *argv;
    char *const *envp;
    int sources[3];
    uint64_t reset_signals;
    volatile int error;
};

/* Records why the child could not become the command, for the caller, and ends it as posix_spawn's child does. */
__attribute__((noreturn)) static void etk_fail(struct etk_child *child, int error)
{
    child->error = error != 0 ? error : EINVAL;
    _exit(127);
}

static int etk_child_main(void *argument)
{
    struct etk_child *child = argument;

    /* Signals are blocked (the caller blocked them all before clone). Each signal the caller says is not at its
       default (exectoolkit_signals_not_at_default, read when the executor was made) goes back to it: the server's
       handlers must not run in this child, which shares the server's memory, and what the server ignores (.NET ignores
       SIGPIPE) must not stay ignored in the command. One call for each of those (about 14 in a .NET server) instead of
       one for each of the 62 catchable signals. */
    struct etk_kernel_sigaction standard = { 0 };
    for (int signal = 1; signal <= 64; signal++) {
        if ((child->reset_signals >> (signal - 1)) & 1) {
            syscall(SYS_rt_sigaction, signal, &standard, NULL, sizeof(uint64_t));
        }
    }

    if (setpgid(0, 0) != 0) {
        etk_fail(child, errno);
    }

    /* A source among 0-2 could be overwritten by an earlier dup2 onto its number: move such a source up first. */
    int sources[3];
    for (int fd = 0; fd < 3; fd++) {
        sources[fd] = child->sources[fd];
        if (sources[fd] >= 0 && sources[fd] < 3 && sources[fd] != fd) {
            sources[fd] = fcntl(sources[fd], F_DUPFD_CLOEXEC, 3);
            if (sources[fd] < 0) {
                etk_fail(child, errno);
            }
        }
    }

    for (int fd = 0; fd < 3; fd++) {
        int source = sources[fd];
        if (source == fd) {
            /* Already in place: only its close-on-exec flag goes (dup2 onto itself would leave it). */
            if (fcntl(fd, F_SETFD, 0) != 0) {
                etk_fail(child, errno);
            }
        } else if (source >= 0) {
            if (dup2(source, fd) < 0) {
                etk_fail(child, errno);
            }
        } else if (source == ETK_OPEN_NULL) {
            int opened = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
            if (opened < 0) {
                etk_fail(child, errno);
            }
            if (opened != fd) {
                if (dup2(opened, fd) < 0) {
                    etk_fail(child, errno);
                }
                close(opened);
            }
        }
    }

    /* Every other descriptor closed (Linux 5.9+; before that, close-on-exec is all there is, as with posix_spawn
       where glibc has no closefrom action). */
    syscall(SYS_close_range, 3U, ~0U, 0U);

    uint64_t none = 0;
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, sizeof none);
    execve(child->path, child->argv, child->envp);
    etk_fail(child, errno);
}

/* The version of this interface; NativeSpawn.cs refuses a library with another. */
int exectoolkit_spawn_version(void)
{
    return 2;
}

/* The catchable signals whose disposition in this process is not the default now (handled or ignored): bit n-1 for
   signal n, for exectoolkit_spawn's reset_signals. */
uint64_t exectoolkit_signals_not_at_default(void)
{
    uint64_t signals = 0;
    for (int signal = 1; signal <= 64; signal++) {
        struct etk_kernel_sigaction current;
        if (signal == SIGKILL || signal == SIGSTOP) {
            continue;
        }
        if (syscall(SYS_rt_sigaction, signal, NULL, &current, sizeof(uint64_t)) != 0 || current.handler != SIG_DFL) {
            signals |= (uint64_t)1 << (signal - 1);
        }
    }
    return signals;
}

/*
 * Starts path with argv and envp. stdin_source, stdout_source and stderr_source: a descriptor to dup2 onto 0, 1 or 2,
 * ETK_INHERIT or ETK_OPEN_NULL. reset_signals: the signals set back to their default in the child (bit n-1 for signal
 * n; exectoolkit_signals_not_at_default). Returns 0 with the pid and a pidfd (close-on-exec; -1 where the kernel has
 * no CLONE_PIDFD), or an errno value (nothing left running).
 */
int exectoolkit_spawn(const char *path, char *const argv[], char *const envp[], int stdin_source, int stdout_source,
                      int stderr_source, uint64_t reset_signals, int *pid_out, int *pidfd_out)
{
    /* The child's stack: this frame stays put while the child runs, since the caller is suspended until execve. The
       child needs well under 1 KiB (no lazy binding either: the library is linked with -z now); 16 KiB is the margin. */
    char stack[16 * 1024] __attribute__((aligned(16)));
    struct etk_child child = {
        .path = path,
        .argv = argv,
        .envp = envp,
        .sources = { stdin_source, stdout_source, stderr_source },
        .reset_signals = reset_signals,
        .error = 0,
    };

    uint64_t all = ~(uint64_t)0;
    uint64_t previous;
    if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all, &previous, sizeof all) != 0) {
        return errno;
    }

    int pidfd = -1;
    pid_t pid = clone(etk_child_main, stack + sizeof stack, CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD, &child, &pidfd);
    if (pid < 0 && errno == EINVAL) {
        /* A kernel that refuses CLONE_PIDFD here: no pidfd with the pid (the caller opens one, or waits without one).
           (A kernel before 5.2 ignores the flag and leaves pidfd at -1.) */
        pidfd = -1;
        pid = clone(etk_child_main, stack + sizeof stack, CLONE_VM | CLONE_VFORK | SIGCHLD, &child);
    }
    int clone_error = errno;
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &previous, NULL, sizeof previous);
    if (pid < 0) {
        return clone_error;
    }

    int error = child.error;
    if (error != 0) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        if (pidfd >= 0) {
            close(pidfd);
        }
        return error;
    }

    *pid_out = pid;
    *pidfd_out = pidfd;
    return 0;
}
