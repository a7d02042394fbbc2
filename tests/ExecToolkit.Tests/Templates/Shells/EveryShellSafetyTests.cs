using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ExecToolkit.Templates;

namespace ExecToolkit.Tests.Templates.Shells;

/// <summary>
/// The ShellSafe promise under every shell a user may have as <c>/bin/sh</c> or run with <c>-c</c>: in every context of
/// <see cref="SafetyContexts"/>, each hostile value either comes back byte for byte as the one argument the template
/// says, or is refused exactly when the context's documented rule says so. The values come from a fixed seed
/// (<c>EXEC_SHELLSAFE_SEED</c>, 13 by default); <c>EXEC_SHELLSAFE_VALUES</c> sets how many random ones run (the default
/// keeps the suite fast; the larger run is described in docs/shell-safety.md).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class EveryShellSafetyTests
{
    private const int DefaultCount = 600;
    private const int BatchCharacters = 100_000;

    private static readonly Lazy<List<string>> Values = new(() => HostileValues.Create(Setting("EXEC_SHELLSAFE_VALUES", DefaultCount), Setting("EXEC_SHELLSAFE_SEED", 13)));

    private static readonly ConcurrentDictionary<string, Lazy<Expansion[]>> Expansions = new();

    public static IEnumerable<object[]> ShellsAndContexts() =>
        from shell in ShellUnderTest.All from context in SafetyContexts.All select new object[] { shell.Name, context.Name };

    [Fact]
    public void Every_shell_is_installed()
    {
        var missing = ShellUnderTest.All.Where(s => s.ResolvedPath is null).Select(s => $"{s.Name} (apt-get install {s.Package})").ToList();
        Assert.True(missing.Count == 0, "missing shells: " + string.Join(", ", missing) + "; scripts/test.sh installs them");
    }

    [Theory]
    [MemberData(nameof(ShellsAndContexts))]
    public void Each_value_arrives_byte_for_byte_or_is_refused_by_the_rule(string shellName, string contextName)
    {
        ShellUnderTest shell = ShellUnderTest.Named(shellName);
        SafetyContext context = SafetyContexts.Named(contextName);
        Expansion[] expansions = For(context);

        var wrongRefusals = expansions.Where(e => (e.Command is null) != context.MustRefuse(e.Value)).Take(5).ToList();
        Assert.True(wrongRefusals.Count == 0, $"{context}: refusals differ from the documented rule: " + string.Join("; ", wrongRefusals.Select(e => $"{Show(e.Value)} {(e.Command is null ? "refused: " + e.Refusal : "accepted")}")));

        var runnable = expansions.Where(e => e.Command is not null).ToList();
        if (shell.RefusesInvalidText)
        {
            // yash converts its whole command to characters of the locale first and runs nothing when a byte does not
            // convert: such values never reach a parser there. A few are run to show that (nothing runs: yash replaces the command with an empty one).
            var invalid = runnable.Where(e => HasEscapedByte(e.Command!)).ToList();
            foreach (Expansion e in invalid.Take(3))
            {
                ShellResult refused = shell.Run(e.Command!);
                Assert.True(refused.Output.Length == 0 && refused.Error.Contains("cannot convert", StringComparison.Ordinal), $"{shell}: invalid UTF-8 {Show(e.Value)} gave exit {refused.ExitCode}, {Show(refused.Error)}");
            }

            runnable = runnable.Except(invalid).ToList();
        }

        var failures = new List<string>();
        int start = 0;
        while (start < runnable.Count && failures.Count < 40)
        {
            int end = start;
            int size = 0;
            while (end < runnable.Count && (end == start || size + runnable[end].Command!.Length < BatchCharacters))
            {
                size += runnable[end].Command!.Length + 1;
                end++;
            }

            Find(shell, context, runnable.GetRange(start, end - start), failures);
            start = end;
        }

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

    // Runs a batch; when it fails, halves it until the values that fail alone are found (a value that breaks the
    // quoting can spoil the lines after it, so only a value run alone is blamed).
    private static void Find(ShellUnderTest shell, SafetyContext context, List<Expansion> batch, List<string> failures)
    {
        if (failures.Count >= 40 || Check(shell, context, batch, out string why))
        {
            return;
        }

        if (batch.Count == 1)
        {
            failures.Add($"{Show(batch[0].Value)} as {Show(batch[0].Command!)}: {why}");
            return;
        }

        int half = batch.Count / 2;
        Find(shell, context, batch.GetRange(0, half), failures);
        Find(shell, context, batch.GetRange(half, batch.Count - half), failures);
    }

    private static bool Check(ShellUnderTest shell, SafetyContext context, List<Expansion> batch, out string why)
    {
        ShellResult result = shell.Run(string.Join("\n", batch.Select(e => e.Command)) + "\n");
        List<string>? fields = result.Fields();
        if (result.ExitCode != 0 || result.Error.Length != 0 || fields is null || fields.Count != 2 * batch.Count)
        {
            why = $"exit {result.ExitCode}, stderr {Show(result.Error)}, output {Show(SipTextOf(result))}";
            return false;
        }

        for (int i = 0; i < batch.Count; i++)
        {
            var expected = context.ExpectedFor(batch[i].Value, ShellUnderTest.Home).ToList();
            if (fields[2 * i] != "1" || !expected.Contains(fields[(2 * i) + 1]))
            {
                why = $"{fields[2 * i]} arguments, first {Show(fields[(2 * i) + 1])}, expected {string.Join(" or ", expected.Select(Show))}";
                return false;
            }
        }

        why = "";
        return true;
    }

    private static Expansion[] For(SafetyContext context) => Expansions.GetOrAdd(context.Name, _ => new Lazy<Expansion[]>(() =>
    {
        CommandTemplate template = CommandTemplate.Parse(context.FullTemplate);
        var request = ShellSafePropertyTests.MinimalRequest();
        return Values.Value.Select(value =>
        {
            request.Vars["v"] = value;
            try
            {
                return new Expansion(value, template.Expand(request), null);
            }
            catch (UnsafeShellValueException e)
            {
                return new Expansion(value, null, e.Message);
            }
        }).ToArray();
    })).Value;

    private static bool HasEscapedByte(string text) => text.Any(c => c >= '\uDC80' && c <= '\uDCFF');

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

    private sealed record Expansion(string Value, string? Command, string? Refusal);
}
