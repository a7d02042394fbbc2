using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using ExecToolkit.Tests.Templates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExecToolkit.Tests.Exec;

[Collection(nameof(ProcessAccounting))] // the meter is process-wide: no other test may run commands meanwhile
public class HostingTests
{
    [Fact]
    public void AddExec_binds_the_configuration_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Exec:SetVars"] = "false",
            ["Exec:TimeToKill"] = "00:00:02",
            ["Exec:MaxBranches"] = "5",
            ["Exec:MaxConcurrency"] = "3",
            ["Exec:ExpansionMode"] = "Verbatim",
            ["Exec:RedactHeaders:0"] = "Authorization",
            ["Exec:DropHeaders:0"] = "X-Secret",
            ["Exec:MaxEnvironmentValueBytes"] = "4096",
        }).Build();
        // The application's configuration (its Exec section is bound) and the section itself give the same options.
        using var fromSection = new ServiceCollection().AddExec(configuration.GetSection(ExecOptions.SectionName)).BuildServiceProvider();
        Assert.Equal(TimeSpan.FromSeconds(2), fromSection.GetRequiredService<SipExec>().Options.TimeToKill);
        using var provider = new ServiceCollection().AddExec(configuration).BuildServiceProvider();

        var exec = provider.GetRequiredService<SipExec>();

        Assert.Same(exec, provider.GetRequiredService<SipExec>());
        var o = exec.Options;
        Assert.False(o.SetVars);
        Assert.Equal(TimeSpan.FromSeconds(2), o.TimeToKill);
        Assert.Equal(5, o.MaxBranches);
        Assert.Equal(3, o.MaxConcurrency);
        Assert.Equal(ExpansionMode.Verbatim, o.ExpansionMode);
        Assert.True(o.EffectiveEnvironmentPolicy.IsRedacted("authorization"));
        Assert.True(o.EffectiveEnvironmentPolicy.IsDropped("X-Secret"));
        Assert.Equal(4096, o.EffectiveEnvironmentPolicy.MaxValueBytes);
    }

    [Fact]
    public void Every_invalid_option_is_reported_at_start_with_its_configuration_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sip:Exec:TimeToKill"] = "-00:00:01",
            ["Sip:Exec:MaxBranches"] = "40",
            ["Sip:Exec:QueueLimit"] = "-1",
        }).Build();
        using var provider = new ServiceCollection().AddExec(configuration.GetSection("Sip:Exec")).BuildServiceProvider();

        // What the host runs before it starts (ValidateOnStart): one exception listing them all.
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Equal(
            new[]
            {
                "Sip:Exec:TimeToKill: must be zero (no limit) or positive (got -00:00:01)",
                "Sip:Exec:MaxBranches: must be 1 to 32, as Kamailio's max_branches (got 40)",
                "Sip:Exec:QueueLimit: must not be negative (got -1)",
            },
            e.Failures);

        // Options set in code: named by property; and SipExec's own check lists them all too.
        using var coded = new ServiceCollection().AddExec(o => o.MaxBranches = 40).BuildServiceProvider();
        var codedError = Assert.Throws<OptionsValidationException>(() => coded.GetRequiredService<IStartupValidator>().Validate());
        Assert.Equal("ExecOptions.MaxBranches: must be 1 to 32, as Kamailio's max_branches (got 40)", Assert.Single(codedError.Failures));
        var direct = Assert.Throws<ArgumentException>(() => new SipExec(new ExecOptions { TimeToKill = TimeSpan.FromSeconds(-1), MaxConcurrency = 0 }));
        Assert.Equal("TimeToKill", direct.ParamName);
        Assert.Contains("MaxConcurrency: must be positive (got 0)", direct.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistyped_configuration_key_is_an_error_not_a_silent_default()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Exec:TimeToKil"] = "00:00:02",
        }).Build();
        using var provider = new ServiceCollection().AddExec(configuration).BuildServiceProvider();
        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<SipExec>());
        Assert.Contains("TimeToKil", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_drops_and_redacts_headers_in_the_environment_and_the_log()
    {
        byte[] message = System.Text.Encoding.ASCII.GetBytes("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:c@d>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nProxy-Authorization: Digest username=\"alice\", realm=\"r\"\r\nX-Secret: s3cret\r\nContent-Length: 0\r\n\r\n");
        var logs = new ListLogger();
        using var exec = new SipExec(new ExecOptions { EnvironmentPolicy = EnvironmentPolicy.RedactCredentials.Drop("X-Secret") }, logs);

        var result = await exec.ExecAvpAsync(RequestContext.Parse(message), "echo \"$$SIP_HF_PROXY_AUTHORIZATION\"; echo \"$${SIP_HF_X_SECRET-unset}\"; echo $hdr(Proxy-Authorization) $au");

        Assert.Equal(new[] { "[redacted]", "unset", "Digest username=\"alice\", realm=\"r\" alice" }, result.Assignments.Select(a => a.Value));
        string running = logs.Messages.Single(m => m.StartsWith("exec_avp running", StringComparison.Ordinal));
        Assert.DoesNotContain("alice", running, StringComparison.Ordinal);
        Assert.Contains("'[redacted]' '[redacted]'", running, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_DI_the_instruments_are_on_the_hosts_meter_factory()
    {
        // AddExec hands the container's IMeterFactory to SipExec: a collector on that factory sees every call, and the
        // process-wide meter is not used (its measurements would not reach a collector scoped to this factory).
        using ServiceProvider services = new ServiceCollection().AddMetrics().AddExec(o => o.TimeToKill = TimeSpan.FromMilliseconds(200)).BuildServiceProvider();
        var factory = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var durations = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<double>(factory, ExecTelemetry.Name, ExecTelemetry.DurationMetric);
        using var active = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(factory, ExecTelemetry.Name, ExecTelemetry.ActiveMetric);
        var exec = services.GetRequiredService<SipExec>();

        await exec.ExecCmdAsync(null, "exit 1");
        await exec.ExecCmdAsync(null, "sleep 5");

        var measured = durations.GetMeasurementSnapshot();
        Assert.Equal(new[] { "exit_status", "timed_out" }, measured.Select(m => (string?)m.Tags[ExecTelemetry.ErrorTypeTag]));
        Assert.True(measured[1].Value >= 0.2);
        // Every +1 of the active count has its -1 once the calls are done.
        Assert.Equal(new long[] { 1, -1, 1, -1 }, active.GetMeasurementSnapshot().Select(m => m.Value));
    }

    [Fact]
    public async Task Past_the_queue_limit_calls_fail_fast()
    {
        using var exec = new SipExec(new ExecOptions { MaxConcurrency = 1, QueueLimit = 1 });
        var request = ShellSafePropertyTests.MinimalRequest();
        var first = exec.ExecCmdAsync(null, "sleep 0.5").AsTask();
        var second = exec.ExecCmdAsync(null, "sleep 0.5").AsTask();
        await Task.Delay(100);

        var third = await exec.ExecCmdAsync(null, "true");

        Assert.Equal(ExecFailure.Rejected, third.Failure);
        Assert.Equal(-1, third.ReturnCode);
        Assert.Null(third.ProcessId);
        Assert.Equal(1, (await first).ReturnCode);
        Assert.Equal(1, (await second).ReturnCode);
    }

    private sealed class ListLogger : ILogger<SipExec>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Messages)
            {
                Messages.Add(formatter(state, exception));
            }
        }
    }
}
