using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace ExecToolkit.E2E.Tests;

/// <summary>Starts the sample server (the built exec-sample-server.dll) on a free UDP port of 127.0.0.1.</summary>
public sealed partial class SampleServerFixture : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();

    public SampleServerFixture()
        : this([], new System.Collections.Generic.Dictionary<string, string> { ["Sample__TcpIdleTimeout"] = "00:00:03" })
    {
    }

    /// <summary>A server with more arguments (after <c>--listen 127.0.0.1:0 --archive</c>) and environment variables.</summary>
    internal SampleServerFixture(string[] extraArgs, System.Collections.Generic.IDictionary<string, string>? environment)
    {
        Root = FindRoot();
        string configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        string dll = Path.Combine(Root, "samples", "ExecToolkit.SampleServer", "bin", configuration, "net10.0", "exec-sample-server.dll");
        Archive = Path.Combine(Path.GetTempPath(), "exec-e2e-archive-" + Guid.NewGuid().ToString("N"));
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { dll, "--listen", "127.0.0.1:0", "--archive", Archive }.Concat(extraArgs))
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["Logging__Console__FormatterName"] = "simple";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new System.Collections.Generic.Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        process = Process.Start(psi)!;
        var listening = new ManualResetEventSlim();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(e.Data);
            }

            Match m = ListeningPattern().Match(e.Data);
            if (m.Success)
            {
                Port = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }

            // The host has started every service (the ports are bound before): the server is ready.
            if (Port > 0 && e.Data.Contains("Application started.", StringComparison.Ordinal))
            {
                listening.Set();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!listening.Wait(TimeSpan.FromSeconds(30)))
        {
            // No Dispose follows a constructor that throws: the server must not outlive the test.
            string log = Log;
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
            throw new InvalidOperationException("the sample server did not start:\n" + log);
        }
    }

    public string Root { get; }

    public string Archive { get; }

    public int Port { get; private set; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    public int OpenDescriptors() => Directory.GetFiles($"/proc/{process.Id}/fd").Length;

    public int Children() => Directory.GetDirectories("/proc")
        .Select(d => Path.GetFileName(d))
        .Where(n => n.All(char.IsDigit))
        .Count(n =>
        {
            try
            {
                return File.ReadAllLines($"/proc/{n}/status").Any(l => l == "PPid:\t" + process.Id);
            }
            catch (IOException)
            {
                return false;
            }
        });

    /// <summary>SIGTERM, as systemd or Ctrl-C would; returns the exit code, or null when it did not stop in time.</summary>
    public int? Stop(TimeSpan timeout)
    {
        if (process.HasExited)
        {
            return process.ExitCode;
        }

        Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        if (!process.WaitForExit(timeout))
        {
            return null;
        }

        process.WaitForExit(); // drains the redirected output
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
        if (Directory.Exists(Archive))
        {
            Directory.Delete(Archive, recursive: true);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ExecToolkit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("ExecToolkit.sln not found");
    }

    [GeneratedRegex(@"listening on (?:udp|tcp):127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningPattern();
}
