using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ExecToolkit.Templates;

namespace ExecToolkit.Tests.Templates.Shells;

/// <summary>
/// The ShellSafe promise under every shell a user may have as <c>/bin/sh</c> or run with <c>-c</c>: in every context of
/// <see cref="SafetyContexts"/>, each hostile value either comes back byte for byte as the one argument (or line) the
/// template says, or is refused exactly when the context's documented rule says so. The values come from a fixed seed
/// (<c>EXEC_SHELLSAFE_SEED</c>, 13 by default); <c>EXEC_SHELLSAFE_VALUES</c> sets how many random ones run (the default
/// keeps the suite fast; the larger run is described in docs/shell-safety.md). Many values run in one shell process
/// (<see cref="SafetyContext.BatchForm"/>); a batch that fails is halved until the values that fail alone are found.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class EveryShellSafetyTests
{
    private const int DefaultCount = 600;

    // A batch is filled until its values' single expansions add up to this many characters; a batch whose script is
    // over MaxScriptBytes (Linux takes 128 KiB per argument, and the script is the argument of -c) is halved.
    private const int BatchCharacters = 60_000;
    private const int MaxScriptBytes = 120_000;
    private const int MaxFailures = 40;

    private static readonly Lazy<List<string>> Values = new(() => HostileValues.Create(Setting("EXEC_SHELLSAFE_VALUES", DefaultCount), Setting("EXEC_SHELLSAFE_SEED", 13)));

    private static readonly ConcurrentDictionary<string, Lazy<Expansion[]>> Expansions = new();

    public static IEnumerable<object[]> ShellsAndContexts() =>
        from context in SafetyContexts.All from shell in ShellUnderTest.All select new object[] { shell.Name, context.Name };

    public static IEnumerable<object[]> Contexts() => SafetyContexts.All.Select(c => new object[] { c.Name });

    [Fact]
    public void Every_shell_is_installed()
    {
        var missing = ShellUnderTest.All.Where(s => s.ResolvedPath is null).Select(s => $"{s.Name} (apt-get install {s.Package})").ToList();
        Assert.True(missing.Count == 0, "missing shells: " + string.Join(", ", missing) + "; scripts/test.sh installs them");
    }

    [Theory]
    [MemberData(nameof(Contexts))]
    public void A_batch_puts_each_value_where_the_template_puts_it(string contextName)
    {
        SafetyContext context = SafetyContexts.Named(contextName);
        var single = Placed(context.Template);
        var batch = Placed(context.BatchForm.TemplateFor(3));
        Assert.Equal(3 * single.Count, batch.Count);
        Assert.Equal(single.Distinct().OrderBy(c => c.ToString()), batch.Distinct().OrderBy(c => c.ToString()));
    }

    [Theory]
    [MemberData(nameof(ShellsAndContexts))]
    public void Each_value_arrives_byte_for_byte_or_is_refused_by_the_rule(string shellName, string contextName)
    {
        ShellUnderTest shell = ShellUnderTest.Named(shellName);
        SafetyContext context = SafetyContexts.Named(contextName);
        Expansion[] expansions = For(context);

        var wrongRefusals = expansions.Where(e => e.Refused != context.MustRefuse(e.Value)).Take(5).ToList();
        Assert.True(wrongRefusals.Count == 0, $"{context}: refusals differ from the documented rule: " + string.Join("; ", wrongRefusals.Select(e => $"{Show(e.Value)} {(e.Refused ? "refused: " + Refusal(context, e.Value) : "accepted")}")));

        var runnable = expansions.Where(e => !e.Refused).ToList();
        if (shell.RefusesInvalidText)
        {
            // yash converts its whole command to characters of the locale first and runs nothing when a byte does not
            // convert: such values never reach a parser there. A few are run to show that (nothing runs: yash replaces the command with an empty one).
            var invalid = runnable.Where(e => HasEscapedByte(e.Value)).ToList();
            foreach (Expansion e in invalid.Take(3))
            {
                ShellResult refused = shell.Run(Single(context, e.Value));
                Assert.True(refused.Output.Length == 0 && refused.Error.Contains("cannot convert", StringComparison.Ordinal), $"{shell}: invalid UTF-8 {Show(e.Value)} gave exit {refused.ExitCode}, {Show(refused.Error)}");
            }

            runnable = runnable.Except(invalid).ToList();
        }

        var failures = new List<string>();
        Parallel.ForEach(Batches(runnable), new ParallelOptions { MaxDegreeOfParallelism = System.Environment.ProcessorCount }, batch => Find(shell, context, batch, failures));

        string? report = System.Environment.GetEnvironmentVariable("EXEC_SHELLSAFE_REPORT");
        if (report is not null && failures.Count > 0)
        {
            lock (Expansions)
            {
                System.IO.File.AppendAllLines(report, failures.Select(f => $"{shell}\t{context}\t{f}"));
            }
        }

        Assert.True(failures.Count == 0, $"{shell}, {context}: {failures.Count} values did not arrive:\n" + string.Join("\n", failures.Take(10)));
    }

    private static List<ShellContext> Placed(string template)
    {
        TemplateAnalysis analysis = TemplateAnalysis.Analyze(template);
        return analysis.Tokens.Select((t, i) => (t, i)).Where(p => p.t.Kind == TemplateTokenKind.PseudoVariable).Select(p => analysis.Contexts[p.i]).ToList();
    }

    private static IEnumerable<List<Expansion>> Batches(List<Expansion> runnable)
    {
        var batch = new List<Expansion>();
        int size = 0;
        foreach (Expansion e in runnable)
        {
            if (batch.Count > 0 && size + e.Length > BatchCharacters)
            {
                yield return batch;
                batch = new List<Expansion>();
                size = 0;
            }

            batch.Add(e);
            size += e.Length;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    // Runs a batch; when it fails, halves it until the values that fail alone are found (a value that breaks the
    // quoting can spoil the values after it, so only a value run alone is blamed). A script too long for one argument
    // is halved too, without blame.
    private static void Find(ShellUnderTest shell, SafetyContext context, List<Expansion> batch, List<string> failures)
    {
        lock (failures)
        {
            if (failures.Count >= MaxFailures)
            {
                return;
            }
        }

        bool? passed = Check(shell, context, batch, out string why, out string script);
        if (passed == true)
        {
            return;
        }

        if (passed == false && batch.Count == 1)
        {
            lock (failures)
            {
                failures.Add($"{Show(batch[0].Value)} as {Show(script)}: {why}");
            }

            return;
        }

        if (batch.Count == 1)
        {
            throw new InvalidOperationException($"{Show(batch[0].Value)}: one value makes a script of over {MaxScriptBytes} bytes");
        }

        int half = batch.Count / 2;
        Find(shell, context, batch.GetRange(0, half), failures);
        Find(shell, context, batch.GetRange(half, batch.Count - half), failures);
    }

    // True when every value arrived, false (with why) when not, null when the script is too long to run as one.
    private static bool? Check(ShellUnderTest shell, SafetyContext context, List<Expansion> batch, out string why, out string script)
    {
        SafetyBatch form = context.BatchForm;
        var request = ShellSafePropertyTests.MinimalRequest();
        for (int i = 0; i < batch.Count; i++)
        {
            request.Vars["v" + i.ToString(CultureInfo.InvariantCulture)] = batch[i].Value;
        }

        try
        {
            script = SafetyBatch.Prelude + CommandTemplate.Parse(form.TemplateFor(batch.Count)).Expand(request);
        }
        catch (UnsafeShellValueException e)
        {
            script = form.TemplateFor(batch.Count);
            why = "refused in the batch but not alone: " + e.Message;
            return false;
        }

        if (ExecToolkit.Sip.SipText.Encode(script).Length > MaxScriptBytes)
        {
            why = "";
            return null;
        }

        ShellResult result = shell.Run(script);
        if (result.ExitCode != 0 || result.Error.Length != 0)
        {
            why = $"exit {result.ExitCode}, stderr {Show(result.Error)}, output {Show(SipTextOf(result))}";
            return false;
        }

        List<string>? outputs = form.Lines ? LinesOf(result, batch.Count) : ArgumentsOf(result, batch.Count);
        if (outputs is null)
        {
            why = $"output not {batch.Count} {(form.Lines ? "lines and 'end'" : "records of one argument")}: {Show(SipTextOf(result))}";
            return false;
        }

        for (int i = 0; i < batch.Count; i++)
        {
            // Compared as bytes: escaped invalid bytes of a value can make a valid character together ("\udcc3\udc80" is À).
            var expected = SafetyContext.Outputs(form.Expected, batch[i].Value, ShellUnderTest.Home).Select(AsBytes).ToList();
            if (!expected.Contains(outputs[i]))
            {
                why = $"got {Show(outputs[i])}, expected {string.Join(" or ", expected.Select(Show))}";
                return false;
            }
        }

        why = "";
        return true;
    }

    // Each value's $1, when every value recorded $# = 1.
    private static List<string>? ArgumentsOf(ShellResult result, int count)
    {
        List<string>? fields = result.Fields();
        if (fields is null || fields.Count != 2 * count)
        {
            return null;
        }

        var arguments = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            if (fields[2 * i] != "1")
            {
                return null;
            }

            arguments.Add(fields[(2 * i) + 1]);
        }

        return arguments;
    }

    // Each value's line, when the output is that many lines and a last line "end" (its line break is optional: a
    // command substitution drops it).
    private static List<string>? LinesOf(ShellResult result, int count)
    {
        string text = SipTextOf(result);
        if (text.EndsWith('\n'))
        {
            text = text[..^1];
        }

        var lines = text.Split('\n').ToList();
        if (lines.Count != count + 1 || lines[^1] != "end")
        {
            return null;
        }

        lines.RemoveAt(count);
        return lines;
    }

    // Every context's refusals, computed once for all the shells (xunit runs the cases in an order of its own).
    private static Expansion[] For(SafetyContext context) => Expansions.GetOrAdd(context.Name, _ => new Lazy<Expansion[]>(() =>
    {
        CommandTemplate template = CommandTemplate.Parse(context.FullTemplate);
        var request = ShellSafePropertyTests.MinimalRequest();
        return Values.Value.Select(value =>
        {
            request.Vars["v"] = value;
            try
            {
                return new Expansion(value, template.Expand(request).Length, false);
            }
            catch (UnsafeShellValueException)
            {
                return new Expansion(value, 0, true);
            }
        }).ToArray();
    })).Value;

    private static string Refusal(SafetyContext context, string value)
    {
        try
        {
            Single(context, value);
            return "(none)";
        }
        catch (UnsafeShellValueException e)
        {
            return e.Message;
        }
    }

    private static string Single(SafetyContext context, string value)
    {
        var request = ShellSafePropertyTests.MinimalRequest();
        request.Vars["v"] = value;
        return CommandTemplate.Parse(context.FullTemplate).Expand(request);
    }

    // Bytes that are not UTF-8 (escaped bytes that together make a character are UTF-8).
    private static bool HasEscapedByte(string text) => !System.Text.Unicode.Utf8.IsValid(ExecToolkit.Sip.SipText.Encode(text));

    // The text as the bytes the shell gets decode again.
    private static string AsBytes(string text) => ExecToolkit.Sip.SipText.Decode(ExecToolkit.Sip.SipText.Encode(text));

    private static string SipTextOf(ShellResult result) => ExecToolkit.Sip.SipText.Decode(result.Output);

    private static int Setting(string name, int fallback) =>
        int.TryParse(System.Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;

    internal static string Show(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s.Length > 300 ? s[..300] + "…(" + s.Length + " chars)" : s)
        {
            sb.Append(c < ' ' || c == '\u007f' || (c >= '\uD800' && c <= '\uDFFF') ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return sb.Append('"').ToString();
    }

    // A value, the length of its expansion alone (to fill batches), and whether it is refused (a struct: a larger run
    // keeps millions).
    private readonly record struct Expansion(string Value, int Length, bool Refused);
}
