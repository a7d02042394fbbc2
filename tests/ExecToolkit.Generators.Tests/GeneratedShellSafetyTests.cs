using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using ExecToolkit.Tests.Templates.Shells;
using Microsoft.CodeAnalysis;

namespace ExecToolkit.Generators.Tests;

/// <summary>
/// Generated code escapes as the runtime does in every context that tests/ExecToolkit.Tests checks against every shell
/// (<c>EveryShellSafetyTests</c>, whose contexts and hostile values this project links): one <c>[ExecCmd]</c> method per
/// context, and for each hostile value the generated command equals the runtime's, or both refuse it with the same reason.
/// </summary>
public class GeneratedShellSafetyTests
{
    private static readonly Lazy<List<Func<RequestContext, string>>> Accessors = new(Build);

    public static IEnumerable<object[]> Contexts() => SafetyContexts.All.Select((c, i) => new object[] { i, c.Name });

    [Theory]
    [MemberData(nameof(Contexts))]
    public void Generated_code_writes_or_refuses_each_value_as_the_runtime_does(int index, string name)
    {
        SafetyContext context = SafetyContexts.All[index];
        Assert.Equal(name, context.Name);
        Func<RequestContext, string> generated = Accessors.Value[index];
        CommandTemplate template = CommandTemplate.Parse(context.FullTemplate);
        RequestContext request = RequestContext.Parse(Encoding.ASCII.GetBytes("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:c@d>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"));
        var mismatches = new List<string>();
        int refused = 0;
        foreach (string value in HostileValues.Create(300, 13))
        {
            request.Vars["v"] = value;
            string expected = Outcome(() => template.Expand(request));
            string actual = Outcome(() => generated(request));
            refused += expected.StartsWith("throws:", StringComparison.Ordinal) ? 1 : 0;
            if (!string.Equals(expected, actual, StringComparison.Ordinal) && mismatches.Count < 5)
            {
                mismatches.Add($"{System.Text.Json.JsonSerializer.Serialize(value)}\n    runtime   {expected}\n    generated {actual}");
            }
        }

        Assert.True(mismatches.Count == 0, name + ":\n" + string.Join("\n", mismatches));
        Assert.True(refused > 0, name + ": no hostile value was refused, not even a NUL");
    }

    private static string Outcome(Func<string> expand)
    {
        try
        {
            return "ok:" + expand();
        }
        catch (ExecToolkit.Templates.UnsafeShellValueException e)
        {
            return "throws:" + e.Message;
        }
    }

    private static List<Func<RequestContext, string>> Build()
    {
        var sb = new StringBuilder("using System.Threading.Tasks; using ExecToolkit; namespace Shells; public static partial class Contexts {\n");
        for (int i = 0; i < SafetyContexts.All.Length; i++)
        {
            sb.Append("[ExecCmd(@\"").Append(SafetyContexts.All[i].FullTemplate.Replace("\"", "\"\"", StringComparison.Ordinal))
                .Append("\")] public static partial ValueTask<ExecResult> M").Append(i).Append("(SipExec exec, RequestContext request);\n");
        }

        sb.Append("}\n");
        var (output, diagnostics, _) = GeneratorHarness.Run(sb.ToString());
        Assert.Empty(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        Type type = Assembly.Load(stream.ToArray()).GetType("Shells.Contexts", throwOnError: true)!;
        return SafetyContexts.All.Select((_, i) => type.GetMethod("M" + i + "Command", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)!
            .CreateDelegate<Func<RequestContext, string>>()).ToList();
    }
}
