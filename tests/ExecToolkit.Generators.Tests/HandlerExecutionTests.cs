using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using ExecToolkit.Generators.Tests.Samples;
using ExecToolkit.Tests.Testing;

namespace ExecToolkit.Generators.Tests;

/// <summary>
/// The generated handlers run through SipExec against every oracle request, side by side with the runtime API given
/// the same template and options: the command handed to the shell, the environment it sees, and the results are the
/// same. The "shell" is a recorder that prints its command and its sorted environment, so both reach the results.
/// </summary>
public sealed class HandlerExecutionTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("exectoolkit-handlers-").FullName;
    private readonly SipExec recording;
    private readonly SipExec quiet;

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public HandlerExecutionTests()
    {
        // Written by a child process (ExecutableFile): a fork by a concurrent test cannot hold them open for writing.
        string recorder = Path.Combine(folder, "recorder");
        ExecutableFile.Write(recorder, "#!/bin/sh\ncat >/dev/null\nprintf '%s\\n' \"$2\"\nenv | LC_ALL=C sort\n");
        string silent = Path.Combine(folder, "silent");
        ExecutableFile.Write(silent, "#!/bin/sh\ncat >/dev/null\nexit 0\n");
        recording = new SipExec(new ExecOptions { Shell = recorder, MaxBranches = 32 });
        quiet = new SipExec(new ExecOptions { Shell = silent });
    }

    public static TheoryData<string> Requests()
    {
        var data = new TheoryData<string>();
        foreach (object[] name in TestData.RequestNames)
        {
            data.Add((string)name[0]);
        }

        return data;
    }

    [Fact]
    public void Every_generated_handler_expands_with_generated_code()
    {
        Type[] holders = typeof(Routing).GetNestedTypes(BindingFlags.NonPublic).Where(t => t.Name.StartsWith("__ExecToolkit_", StringComparison.Ordinal)).ToArray();
        Assert.Equal(16, holders.Length); // every attributed method of Routing
        int simpleHandlers = 0;
        foreach (Type holder in holders)
        {
            var template = (CommandTemplate)holder.GetField("Template", BindingFlags.Static | BindingFlags.NonPublic)!.GetValue(null)!;
            Assert.True(template.IsGenerated, holder.Name + " still interprets its template");
            var options = (ExecCallOptions)holder.GetField("Options", BindingFlags.Static | BindingFlags.NonPublic)!.GetValue(null)!;
            Assert.Equal(options.ExpansionMode, template.GeneratedMode);

            // A ShellSafe simple command carries its generated argument vector; anything else has none.
            bool simple = options.ExpansionMode == ExpansionMode.ShellSafe && template.SimpleCommandOf(out _) is not null;
            Assert.True(simple == (template.GeneratedArguments is not null), holder.Name + (simple ? " has no generated argument vector" : " has a vector but needs a shell"));
            simpleHandlers += simple ? 1 : 0;
        }

        Assert.True(simpleHandlers > 0, "no handler of Routing is a simple command");
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Dset_handlers_give_the_runtime_results(string request)
    {
        (RequestContext generated, RequestContext runtime) = (TestData.Context(request), TestData.Context(request));
        DsetResult a = await Routing.LookupAsync(recording, generated);
        DsetResult b = await recording.ExecDsetAsync(runtime, Routing.Lookup, new ExecCallOptions { TimeToKill = TimeSpan.FromSeconds(2) });
        AssertSame(a, b);
        Assert.Equal(b.RequestUri, a.RequestUri);
        Assert.Equal(b.Branches, a.Branches);
        Assert.Equal(runtime.CurrentUri, generated.CurrentUri);
        Assert.Equal(runtime.Branches.Select(x => x.Uri), generated.Branches.Select(x => x.Uri));

        (generated, runtime) = (TestData.Context(request), TestData.Context(request));
        AssertSame(await Routing.TabsAsync(recording, generated), await recording.ExecDsetAsync(runtime, Routing.Tabs));
        Assert.Equal(runtime.CurrentUri, generated.CurrentUri);
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Avp_handlers_give_the_runtime_results(string request)
    {
        (RequestContext generated, RequestContext runtime) = (TestData.Context(request), TestData.Context(request));
        AvpResult a = await Routing.BillingAsync(recording, generated);
        AvpResult b = await recording.ExecAvpAsync(runtime, Routing.Billing, "$avp(s:plan),$avp(s:credit)");
        AssertSame(a, b);
        Assert.Equal(b.Assignments.Select(x => (x.Name.ToString(), x.Value)), a.Assignments.Select(x => (x.Name.ToString(), x.Value)));

        // The recorder printed the command and the SIP_* block: both reached the AVPs, so both are compared above.
        Assert.Contains(a.Assignments, x => x.Value == a.Command);
        Assert.Contains(a.Assignments, x => x.Value.StartsWith("SIP_RURI=", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Msg_and_cmd_handlers_run_the_runtime_command(string request)
    {
        RequestContext context = TestData.Context(request);
        AssertSame(
            await Routing.NotifyAsync(context, quiet),
            await quiet.ExecMsgAsync(context, Routing.Notify, new ExecCallOptions { SetVars = false, MaxOutputBytes = 1000, MaxOutputLines = 3 }));
        AssertSame(
            await Routing.NotifyVerbatimAsync(context, quiet),
            await quiet.ExecMsgAsync(context, Routing.Notify, new ExecCallOptions { ExpansionMode = ExpansionMode.Verbatim }));
        AssertSame(await Routing.HereDocumentAsync(quiet, context), await quiet.ExecCmdAsync(context, Routing.HereDocument));
        AssertSame(
            await Routing.HereDocumentVerbatimAsync(quiet, context),
            await quiet.ExecCmdAsync(context, Routing.HereDocument, new ExecCallOptions { ExpansionMode = ExpansionMode.Verbatim }));
        AssertSame(await Routing.SubstitutionAsync(quiet, context), await quiet.ExecCmdAsync(context, Routing.Substitution));
        AssertSame(await Routing.ConstantDollarAsync(quiet, context), await quiet.ExecCmdAsync(context, Routing.ConstantDollar));
        AssertSame(
            await Routing.ConstantDollarVerbatimAsync(quiet),
            await quiet.ExecCmdAsync(null, Routing.ConstantDollar, new ExecCallOptions { ExpansionMode = ExpansionMode.Verbatim }));
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Referenced_scope_exports_only_the_variables_the_template_names(string request)
    {
        RequestContext context = TestData.Context(request);
        using var exec = new SipExec();
        AvpResult scoped = await Routing.ScopedAsync(exec, context);
        Assert.True(scoped.Succeeded, scoped.ToString());
        string[] lines = scoped.Assignments.Select(a => a.Value).ToArray();
        var all = SipEnvironment.Build(context);
        string Value(string name) => all.FirstOrDefault(v => v.Name == name)?.ValueText ?? "";

        // printf prints SIP_USER, SIP_HF_CALLID (or none) and $ci; lines that are empty are skipped as Kamailio does.
        string[] expected = new[] { Value("SIP_USER"), all.Any(v => v.Name == "SIP_HF_CALLID") ? Value("SIP_HF_CALLID") : "none" }
            .Where(v => v.Trim().Length > 0).ToArray();
        Assert.Equal(expected, lines.Take(expected.Length).Select(l => l.TrimEnd(' ', '\t')));
        int exported = all.Count(v => v.Name is "SIP_USER" or "SIP_HF_CALLID");
        Assert.Equal(exported.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[^1]);

        AvpResult redacted = await Routing.ScopedRedactedAsync(exec, TestData.Context(request));
        if (all.Any(v => v.Name == "SIP_HF_CALLID"))
        {
            Assert.Contains(redacted.Assignments, a => a.Value == EnvironmentPolicy.RedactedValue);
        }
    }

    public void Dispose()
    {
        recording.Dispose();
        quiet.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private static void AssertSame(ExecResult generated, ExecResult runtime)
    {
        Assert.Equal(runtime.Command, generated.Command);
        Assert.Equal(runtime.ReturnCode, generated.ReturnCode);
        Assert.Equal(runtime.Failure, generated.Failure);
        Assert.Equal(runtime.ExitCode, generated.ExitCode);
        Assert.Equal(runtime.Detail, generated.Detail);
    }
}
