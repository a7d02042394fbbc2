using System;
using System.Runtime.InteropServices;

namespace ExecToolkit.Processes;

/// <summary>
/// The few libc calls ExecToolkit needs and .NET's <see cref="System.Diagnostics.Process"/> (and so CliWrap) cannot
/// express: a child in its own process group (so a time limit can kill the shell and everything it started), an
/// environment block given byte for byte (Kamailio's block can hold one name twice and bytes that are not UTF-8),
/// and signal dispositions reset to their defaults in the child.
/// </summary>
internal static unsafe partial class Native
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int SIGPIPE = 13;
    public const int WNOHANG = 1;
    public const int O_CLOEXEC = 0x80000;
    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_RDWR = 2;
    public const int EINTR = 4;
    public const int E2BIG = 7;

    public const int ENOENT = 2;

    public const int ENOEXEC = 8;

    public const int EACCES = 13;
    public const int ECHILD = 10;
    public const int ESRCH = 3;

    public const short POSIX_SPAWN_SETPGROUP = 0x02;
    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;

    // glibc: posix_spawnattr_t is 336 bytes, posix_spawn_file_actions_t 80, sigset_t 128 (x86_64 and arm64).
    // The buffers are larger on purpose.
    public const int SpawnAttrSize = 512;
    public const int FileActionsSize = 256;
    public const int SigSetSize = 256;

    private const string Libc = "libc";

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int posix_spawn(out int pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport(Libc)]
    public static partial int posix_spawn_file_actions_init(void* fileActions);

    [LibraryImport(Libc)]
    public static partial int posix_spawn_file_actions_destroy(void* fileActions);

    [LibraryImport(Libc)]
    public static partial int posix_spawn_file_actions_adddup2(void* fileActions, int fd, int newFd);

    [LibraryImport(Libc)]
    public static partial int posix_spawn_file_actions_addopen(void* fileActions, int fd, byte* path, int flags, int mode);

    /// <summary>glibc 2.34+: close every descriptor from <paramref name="from"/> up in the child.</summary>
    [LibraryImport(Libc)]
    public static partial int posix_spawn_file_actions_addclosefrom_np(void* fileActions, int from);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_init(void* attr);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_destroy(void* attr);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_setflags(void* attr, short flags);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_setpgroup(void* attr, int pgroup);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_setsigdefault(void* attr, void* sigset);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_setsigmask(void* attr, void* sigset);

    [LibraryImport(Libc)]
    public static partial int sigemptyset(void* set);

    [LibraryImport(Libc)]
    public static partial int sigaddset(void* set, int signal);

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true)]
    public static partial int open(byte* path, int flags);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nint count);

    public static bool WIFEXITED(int status) => (status & 0x7f) == 0;

    public static int WEXITSTATUS(int status) => (status >> 8) & 0xff;

    public static bool WIFSIGNALED(int status) => ((status & 0x7f) + 1) >> 1 > 0 && (status & 0x7f) != 0x7f && (status & 0x7f) != 0;

    public static int WTERMSIG(int status) => status & 0x7f;

    public static void ThrowIfError(int result, string call)
    {
        if (result != 0)
        {
            throw new InvalidOperationException(call + " failed: " + Marshal.GetPInvokeErrorMessage(result));
        }
    }
}

/// <summary>poll(2), pidfd_open(2) and fcntl(2).</summary>
internal static unsafe partial class NativeIo
{
    public const short POLLIN = 0x001;
    public const short POLLOUT = 0x004;
    public const short POLLERR = 0x008;
    public const short POLLHUP = 0x010;
    public const short POLLNVAL = 0x020;
    public const int F_SETFL = 4;
    public const int O_NONBLOCK = 0x800;
    public const int EAGAIN = 11;
    public const int EPIPE = 32;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fcntl(int fd, int command, int argument);

    [LibraryImport("libc", SetLastError = true)]
    public static partial long syscall(long number, int pid, uint flags);

    /// <summary>pidfd_open(2) (Linux 5.3+): a descriptor that becomes readable when the process exits; -1 if unavailable.</summary>
    public static int PidFdOpen(int pid) => OperatingSystem.IsLinux() ? (int)syscall(434, pid, 0) : -1;
}
