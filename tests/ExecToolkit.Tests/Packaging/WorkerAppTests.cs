using System;
using System.IO;
using System.Linq;
using System.Text;

namespace ExecToolkit.Tests.Packaging;

/// <summary>
/// The runtime as operators and test writers meet it, from the packed packages in fresh projects: a Generic Host worker
/// with <c>AddExec(builder.Configuration)</c> and the OpenTelemetry SDK (in-memory exporters), a handler test project
/// with FakeShell, and the CliWrap command of a call.
/// </summary>
[Collection(nameof(PackageBuild))]
public class WorkerAppTests
{
    private const string Worker = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.IO;
        using System.Linq;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using CliWrap;
        using ExecToolkit;
        using ExecToolkit.CliWrap;
        using ExecToolkit.Sip;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;
        using Microsoft.Extensions.Options;
        using OpenTelemetry.Metrics;
        using OpenTelemetry.Trace;

        [assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

        const string Invite = "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1\r\nFrom: <sip:alice@example.org>;tag=1\r\n" +
            "To: <sip:bob@example.com>\r\nCall-ID: worker-1\r\nCSeq: 1 INVITE\r\nX-Nul: a\0b\r\nX-Value: $(id)'\"\r\nContent-Length: 0\r\n\r\n";
        const string Broken = "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1\r\nFrom: <sip:alice@example.org>;tag=1\r\n" +
            "To: <sip:bob@example.com>\r\nCall-ID: worker-1\r\nCSeq: 1 INVITE\r\nX!Bang: 1\r\nContent-Length: 0\r\n\r\n";
        static RequestContext Parse(string text) => RequestContext.Parse(Encoding.ASCII.GetBytes(text), SipParseMode.Lenient);

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddJsonFile(Path.GetFullPath(args[1]));
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(new LineLoggerProvider());
        builder.Services.AddExec(builder.Configuration);
        var metrics = new List<Metric>();
        var spans = new List<Activity>();
        builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddMeter(ExecTelemetry.Name).AddInMemoryExporter(metrics))
            .WithTracing(t => t.AddSource(ExecTelemetry.Name).AddInMemoryExporter(spans));
        using IHost host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException)
        {
            Console.WriteLine("start failed: " + e.GetType().Name + ": " + e.Message);
            return 3;
        }

        SipExec exec = host.Services.GetRequiredService<SipExec>();
        if (args[0] == "cliwrap")
        {
            // args[2]: a recording shell; the same exec_avp call through SipExec and through CliWrap.
            using var recording = new SipExec(new ExecOptions { Shell = args[2] });
            await recording.ExecAvpAsync(Parse(Invite.Replace("X-Nul: a\0b\r\n", "")), "lookup.sh '$fU' \"$hdr(X-Value)\" $rU");
            await recording.CreateCommand(ExecFunction.Avp, Parse(Invite.Replace("X-Nul: a\0b\r\n", "")), "lookup.sh '$fU' \"$hdr(X-Value)\" $rU").ExecuteAsync();
            return 0;
        }

        // One call per way a call can fail; executors whose limits differ from the configured one share its meter and logger.
        var meters = host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var logger = host.Services.GetRequiredService<ILogger<SipExec>>();
        using var narrow = new SipExec(new ExecOptions { MaxConcurrency = 1, QueueLimit = 0 }, logger, meters);
        using var broken = new SipExec(new ExecOptions { Shell = "/nonexistent/sh" }, logger, meters);
        using var cancel = new CancellationTokenSource();
        var calls = new (string Name, Func<Task<ExecResult>> Call)[]
        {
            ("ExitStatus", async () => await exec.ExecCmdAsync(null, "exit 3")),
            ("Signaled", async () => await exec.ExecCmdAsync(null, "kill -9 $$$$")),
            ("TimedOut", async () => await exec.ExecCmdAsync(null, "sleep 5")),
            ("Canceled", async () => { cancel.CancelAfter(200); return await exec.ExecCmdAsync(null, "sleep 5", new ExecCallOptions { TimeToKill = TimeSpan.Zero }, cancel.Token); }),
            ("NoOutput", async () => await exec.ExecDsetAsync(Parse(Invite), "true")),
            ("BranchLimit", async () => await exec.ExecDsetAsync(Parse(Invite), "printf 'sip:a@h\\nsip:b@h\\nsip:c@h\\n'; :")),
            ("EnvironmentUnavailable", async () => await exec.ExecMsgAsync(Parse(Broken), "true")),
            ("UnsafeValue", async () => await exec.ExecCmdAsync(Parse(Invite), "echo $hdr(X-Nul)")),
            ("Rejected", async () =>
            {
                Task<ExecResult> first = narrow.ExecCmdAsync(null, "sleep 0.5").AsTask();
                ExecResult second = await narrow.ExecCmdAsync(null, "true");
                await first;
                return second;
            }),
            ("StartFailed", async () => await broken.ExecCmdAsync(null, "true")),
        };
        foreach (var (name, call) in calls)
        {
            ExecResult result = await call();
            Console.WriteLine("call " + name + " rc=" + result.ReturnCode + " failure=" + result.Failure);
        }

        host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        foreach (Metric metric in metrics.Where(m => m.Name == ExecTelemetry.DurationMetric).Take(1))
        {
            foreach (ref readonly MetricPoint point in metric.GetMetricPoints())
            {
                string errorType = "";
                foreach (KeyValuePair<string, object?> tag in point.Tags)
                {
                    errorType = tag.Key == "error.type" ? (string)tag.Value! : errorType;
                }

                Console.WriteLine("metric " + metric.Unit + " error.type=" + errorType + " count=" + point.GetHistogramCount());
            }
        }

        foreach (Activity span in spans)
        {
            Console.WriteLine("span " + span.OperationName + " " + span.Status + " error.type=" + span.GetTagItem("error.type") + " rc=" + span.GetTagItem("exectoolkit.exec.rc"));
        }

        await host.StopAsync();
        return 0;

        sealed class LineLoggerProvider : ILoggerProvider
        {
            public ILogger CreateLogger(string categoryName) => new LineLogger(categoryName.StartsWith("ExecToolkit", StringComparison.Ordinal));

            public void Dispose()
            {
            }

            private sealed class LineLogger(bool enabled) : ILogger
            {
                public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

                public bool IsEnabled(LogLevel logLevel) => enabled;

                public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                {
                    if (enabled)
                    {
                        Console.WriteLine("log " + logLevel + " " + eventId.Id + " " + formatter(state, exception).Replace('\n', ' '));
                    }
                }
            }
        }
        """;

    private const string HandlerTests = """
        using System.IO;
        using System.Linq;
        using System.Text;
        using System.Threading.Tasks;
        using ExecToolkit;
        using ExecToolkit.Sip;
        using ExecToolkit.Testing;
        using Xunit;

        [assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

        namespace Consumer.Tests;

        public static partial class Routes
        {
            [ExecDset("touch MARKER; lookup.sh '$rU' \"$hdr(X-Account)\"")]
            public static partial ValueTask<DsetResult> LookupAsync(SipExec exec, RequestContext request);
        }

        public class RoutingTests
        {
            private static RequestContext Invite() => RequestContext.Parse(Encoding.ASCII.GetBytes(
                "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1\r\nFrom: <sip:alice@example.org>;tag=1\r\n" +
                "To: <sip:bob@example.com>\r\nCall-ID: t-1\r\nCSeq: 1 INVITE\r\nX-Account: acme\"; reboot\r\nContent-Length: 0\r\n\r\n"), SipParseMode.Lenient);

            [Fact]
            public async Task Lookup_sets_the_uri_and_branches_the_script_prints()
            {
                var shell = new FakeShell().Reply(
                    "touch MARKER; lookup.sh 'bob' \"acme\\\"; reboot\" 'sip:bob@example.com'",
                    ShellCompletion.Exited(0, "sip:bob@10.0.0.7\nsip:bob@10.0.0.8\n"));
                using var exec = new SipExec(shell: shell);
                RequestContext request = Invite();

                DsetResult result = await Routes.LookupAsync(exec, request);

                Assert.Equal(1, result.ReturnCode);
                Assert.Equal("sip:bob@10.0.0.7", request.NewUri);
                Assert.Equal(["sip:bob@10.0.0.8"], request.Branches.Select(b => b.Uri));
                Assert.Equal("bob", shell.Invocations.Single().GetVariable("SIP_USER"));
                Assert.False(File.Exists("MARKER"));
            }

            [Fact]
            public async Task Lookup_fails_as_Kamailio_when_the_script_fails()
            {
                var shell = new FakeShell { Otherwise = ShellCompletion.Exited(1, stderr: "no such user\n") };
                using var exec = new SipExec(shell: shell);
                RequestContext request = Invite();

                DsetResult result = await Routes.LookupAsync(exec, request);

                Assert.Equal((-1, ExecFailure.ExitStatus), (result.ReturnCode, result.Failure));
                Assert.Null(request.NewUri);
                Assert.False(File.Exists("MARKER"));
            }
        }
        """;

    private static string Project(string sdkProperties, params string[] packages) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            {sdkProperties}
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>disable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
          </PropertyGroup>
          <ItemGroup>
            {string.Concat(packages.Select(p => $"<PackageReference Include=\"{p.Split('/')[0]}\" Version=\"{p.Split('/')[1]}\" />"))}
          </ItemGroup>
        </Project>
        """;

    [Fact]
    public void A_fresh_worker_reports_every_failure_refuses_bad_configuration_and_tests_run_with_the_fake()
    {
        string work = Path.Combine(Path.GetTempPath(), "exectoolkit-worker-" + Guid.NewGuid().ToString("N"));
        string feed = Path.Combine(work, "feed");
        Directory.CreateDirectory(feed);
        try
        {
            foreach (string project in new[] { "ExecToolkit", "ExecToolkit.Testing", "ExecToolkit.CliWrap" })
            {
                PackageBuild.Pack(Path.Combine("src", project, project + ".csproj"), feed);
            }

            string packages = PackageBuild.UseLocalFeed(work, feed);
            string v = PackageBuild.Version;

            // The worker: a Generic Host with AddExec(builder.Configuration) and OpenTelemetry.
            string worker = Path.Combine(work, "worker");
            Directory.CreateDirectory(worker);
            File.WriteAllText(Path.Combine(worker, "Worker.csproj"), Project(
                "<OutputType>Exe</OutputType>",
                "ExecToolkit/" + v, "ExecToolkit.CliWrap/" + v, "Microsoft.Extensions.Hosting/10.0.0",
                "OpenTelemetry.Extensions.Hosting/1.21.0", "OpenTelemetry.Exporter.InMemory/1.21.0"));
            File.WriteAllText(Path.Combine(worker, "Program.cs"), Worker);
            PackageBuild.Run("dotnet", $"build -c Release -p:UseSharedCompilation=false --packages \"{packages}\"", worker);
            string Run(string mode, string settings, int exit = 0, string extra = "")
            {
                File.WriteAllText(Path.Combine(worker, "settings.json"), settings);
                return PackageBuild.Run("dotnet", $"bin/Release/net10.0/Worker.dll {mode} settings.json {extra}", worker, expectedExit: exit).Stdout;
            }

            // 1. Every failure: the rc returned, the duration metric's error.type, an Error span with error.type and the rc,
            // the Finished log with the same rc, and the Warning (or Error) event of the reasons that have one.
            string output = Run("calls", """{ "Exec": { "TimeToKill": "00:00:00.3", "KillGrace": "00:00:00.1", "MaxBranches": 2 } }""");
            string[] lines = output.Split('\n');
            var reasons = Enum.GetValues<ExecFailure>().Where(f => f != ExecFailure.None).ToArray();
            foreach (ExecFailure reason in reasons)
            {
                string errorType = ExecTelemetry.ErrorType(reason)!;
                Assert.Contains("call " + reason + " rc=-1 failure=" + reason, lines);
                Assert.Single(lines, l => l.StartsWith("metric s error.type=" + errorType + " count=1", StringComparison.Ordinal));
                Assert.Single(lines, l => l.StartsWith("span ", StringComparison.Ordinal) && l.EndsWith(" Error error.type=" + errorType + " rc=-1", StringComparison.Ordinal));
                Assert.Single(lines, l => l.StartsWith("log Debug 2 ", StringComparison.Ordinal) && l.Contains("finished: rc -1 (" + reason + ")", StringComparison.Ordinal));
            }

            // The one call that succeeds (the first of the Rejected scenario) has a span without error.
            Assert.Equal(reasons.Length + 1, lines.Count(l => l.StartsWith("span ", StringComparison.Ordinal)));
            Assert.Single(lines, l => l.StartsWith("span ", StringComparison.Ordinal) && l.EndsWith(" Unset error.type= rc=1", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("log Warning 3 exec_cmd killed after the time to kill (00:00:00.3000000)", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("log Warning 4 exec_cmd rejected", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("log Warning 5 exec_msg not run (EnvironmentUnavailable)", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("log Error 6 exec_cmd could not start the shell", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("log Warning 7 exec_cmd refused a value from the request", StringComparison.Ordinal));

            // 2. Bad options stop the start, every invalid key named; a mistyped key is not ignored.
            string bad = Run("calls", """{ "Exec": { "TimeToKill": "-00:00:01", "MaxBranches": 40, "MaxConcurrency": 0 } }""", exit: 3);
            Assert.StartsWith("start failed: OptionsValidationException: ", bad, StringComparison.Ordinal);
            Assert.All(new[] { "Exec:TimeToKill", "Exec:MaxBranches", "Exec:MaxConcurrency" }, key => Assert.Contains(key, bad, StringComparison.Ordinal));
            string mistyped = Run("calls", """{ "Exec": { "TimeToKil": "00:00:02" } }""", exit: 3);
            Assert.StartsWith("start failed: InvalidOperationException: ", mistyped, StringComparison.Ordinal);
            Assert.Contains("'TimeToKil'", mistyped, StringComparison.Ordinal);

            // 3. The CliWrap command starts what SipExec starts: a recording shell gets the same arguments and SIP_* environment.
            string recorder = Path.Combine(work, "record.sh");
            File.WriteAllText(recorder, $"#!/bin/sh\nf=$(mktemp '{work}/run.XXXXXX')\nprintf '%s\\0' \"$@\" > \"$f.args\"\nenv -0 | grep -z '^SIP_' | sort -z > \"$f.env\"\n");
            File.SetUnixFileMode(recorder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Run("cliwrap", "{}", extra: recorder);
            string[] runs = Directory.GetFiles(work, "run.*.args").Select(a => a[..^".args".Length]).ToArray();
            Assert.Equal(2, runs.Length);
            Assert.Equal(File.ReadAllBytes(runs[0] + ".args"), File.ReadAllBytes(runs[1] + ".args"));
            Assert.Equal(File.ReadAllBytes(runs[0] + ".env"), File.ReadAllBytes(runs[1] + ".env"));
            Assert.Equal("-c\0lookup.sh 'alice' \"\\$(id)'\\\"\" 'bob'\0", Encoding.UTF8.GetString(File.ReadAllBytes(runs[0] + ".args")));
            Assert.Contains("SIP_HF_X_VALUE=$(id)'\"\0", Encoding.UTF8.GetString(File.ReadAllBytes(runs[0] + ".env")), StringComparison.Ordinal);

            // 4. A handler test project: the generated handler runs against FakeShell, and no process starts (the
            // command would create MARKER).
            string tests = Path.Combine(work, "tests");
            Directory.CreateDirectory(tests);
            File.WriteAllText(Path.Combine(tests, "Consumer.Tests.csproj"), Project(
                "<IsPackable>false</IsPackable>",
                "ExecToolkit/" + v, "ExecToolkit.Testing/" + v, "Microsoft.NET.Test.Sdk/18.0.1", "xunit/2.9.3", "xunit.runner.visualstudio/3.1.5"));
            File.WriteAllText(Path.Combine(tests, "RoutingTests.cs"), HandlerTests);
            string test = PackageBuild.Run("dotnet", $"test -c Release -p:UseSharedCompilation=false -p:RestorePackagesPath=\"{packages}\"", tests).Stdout;
            Assert.Contains("Passed!  - Failed:     0, Passed:     2, Skipped:     0, Total:     2", test, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(tests, "MARKER")));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
