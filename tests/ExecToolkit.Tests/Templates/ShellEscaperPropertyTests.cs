using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ExecToolkit.Templates;
using Xunit.Abstractions;
using static ExecToolkit.Tests.Templates.ShellTestSupport;

namespace ExecToolkit.Tests.Templates;

/// <summary>
/// Random hostile values, escaped for each context and run through the real /bin/sh: the shell must hand back exactly
/// the value.
/// </summary>
public class ShellEscaperPropertyTests
{
    /// <summary>Values for the main quoting contexts; the more specialised cases use <see cref="ValuesPerExtraContext"/>.</summary>
    private const int ValuesPerContext = 10_000;
    private const int ValuesPerExtraContext = 2_000;

    private static readonly HashSet<string> MainContexts = new(StringComparer.Ordinal)
    {
        "bare", "single-quoted", "double-quoted", "bare in \"$(...)\"", "double-quoted in \"$(...)\"", "bare in $(...)",
        "bare in `...`", "bare in \"`...`\"", "double-quoted in \"`...`\"",
    };
    private const int BatchSize = 500;
    private const int BaseSeed = 20_251_128;
    private const string Print = "printf '%s\\0' \"$#\" \"$1\"";

    private readonly ITestOutputHelper _output;

    public ShellEscaperPropertyTests(ITestOutputHelper output) => _output = output;

    /// <summary>A command template and the NUL-separated fields it must print for a value.</summary>
    public sealed class Case
    {
        public Case(string name, string template, Func<string, string[]> expected, bool allowsNewline = true)
        {
            Name = name;
            Template = template;
            Expected = expected;
            AllowsNewline = allowsNewline;
        }

        public string Name { get; }

        public string Template { get; }

        public Func<string, string[]> Expected { get; }

        public bool AllowsNewline { get; }

        public override string ToString() => Name;
    }

    public static readonly Case[] Cases =
    {
        new("bare", "set -- <ph>; " + Print, v => new[] { "1", v }),
        new("single-quoted", "set -- 'a<ph>b'; " + Print, v => new[] { "1", "a" + v + "b" }),
        new("double-quoted", "set -- \"a<ph>b\"; " + Print, v => new[] { "1", "a" + v + "b" }),
        new("bare in \"$(...)\"", "set -- \"$(printf '%s!' <ph>)\"; " + Print, v => new[] { "1", v + "!" }),
        new("double-quoted in \"$(...)\"", "set -- \"$(printf '%s!' \"<ph>\")\"; " + Print, v => new[] { "1", v + "!" }),
        new("single-quoted in \"$(...)\"", "set -- \"$(printf '%s!' 'x<ph>')\"; " + Print, v => new[] { "1", "x" + v + "!" }),
        new("bare in $(...)", "X=$(printf '%s!' <ph>); printf '%s\\0' \"$X\"", v => new[] { v + "!" }),
        new("bare in $( \"$(...)\" )", "X=$(printf '%s' \"$(printf '%s!' <ph>)\"); printf '%s\\0' \"$X\"", v => new[] { v + "!" }),
        new("bare in `...`", "X=`printf '%s!' <ph>`; printf '%s\\0' \"$X\"", v => new[] { v + "!" }),
        new("bare in \"`...`\"", "set -- \"`printf '%s!' <ph>`\"; " + Print, v => new[] { "1", v + "!" }),
        new("double-quoted in \"`...`\"", "set -- \"`printf '%s!' \"<ph>\"`\"; " + Print, v => new[] { "1", v + "!" }),
        new("double-quoted in `...`", "X=`printf '%s!' \"<ph>\"`; printf '%s\\0' \"$X\"", v => new[] { v + "!" }),
        new("single-quoted in `...`", "X=`printf '%s!' 'a<ph>'`; printf '%s\\0' \"$X\"", v => new[] { "a" + v + "!" }),
        new("bare in nested backquotes", "X=`printf '%s' \"\\`printf '%s!' <ph>\\`\"`; printf '%s\\0' \"$X\"", v => new[] { v + "!" }),
        new("double-quoted in nested backquotes", "X=`printf '%s' \"\\`printf '%s!' \\\"<ph>\\\"\\`\"`; printf '%s\\0' \"$X\"", v => new[] { v + "!" }),
        new("bare in $(...) in `...`", "X=`printf '%s' \"$(printf '%s!' <ph>)\"`; printf '%s\\0' \"$X\"", v => new[] { v + "!" }),
        new("bare in `...` in $(...)", "X=$(printf '%s' \"`printf '%s!' <ph>`\"); printf '%s\\0' \"$X\"", v => new[] { v + "!" }),
        new("bare ${X:-...}", "unset X; set -- a${X:-<ph>}b; " + Print, v => new[] { "1", "a" + v + "b" }),
        new("double-quoted ${X:-...}", "unset X; set -- \"${X:-<ph>}\"; " + Print, v => new[] { "1", v }),
        new("double-quoted ${Y#pattern}", "Y=<ph>zz; set -- \"${Y#<ph>}\"; " + Print, v => new[] { "1", "zz" }),
        new("double-quoted ${Y%pattern}", "Y=zz<ph>; set -- \"${Y%<ph>}\"; " + Print, v => new[] { "1", "zz" }),
        new("single-quoted in \"${Y#pattern}\"", "Y=<ph>zz; set -- \"${Y#'<ph>'}\"; " + Print, v => new[] { "1", "zz" }),
        new("after backslash, bare ${X:-...}", "unset X; set -- ${X:-\\<ph>}; " + Print, v => new[] { "1", v }),
        new("after backslash, double-quoted ${X:-...}", "unset X; set -- \"${X:-\\<ph>}\"; " + Print, v => new[] { "1", v }),
        new("after $, double-quoted ${X:-...}", "unset X; set -- \"${X:-$<ph>}\"; " + Print, v => new[] { "1", "$" + v }),
        new("bare ${Y#pattern}", "Y=<ph>zz; set -- ${Y#<ph>}; " + Print, v => new[] { "1", "zz" }),
        new("after backslash, bare", "set -- \\<ph>; " + Print, v => new[] { "1", v }),
        new("after backslash, double-quoted", "set -- \"a\\<ph>\"; " + Print, v => new[] { "1", "a" + v }),
        new("after backslash, in `...`", "X=`printf '%s!' \\<ph>`; printf '%s\\0' \"$X\"", v => new[] { v + "!" }),
        new("after $, bare", "set -- $<ph>; " + Print, v => new[] { "1", "$" + v }),
        new("after $NAME, double-quoted", "Y=q; set -- \"$Y<ph>\"; " + Print, v => new[] { "1", "q" + v }),
        new("after $, double-quoted in `...`", "X=`printf '%s!' \"$<ph>\"`; printf '%s\\0' \"$X\"", v => new[] { "$" + v + "!" }),
        new("redirection target", "printf '%s' ok >/dev/null 2><ph>x; rm -f -- <ph>x; " + "set -- <ph>; " + Print, v => new[] { "1", v }),
        new("comment", "printf '%s\\0' x # <ph>\nprintf '%s\\0' y", v => new[] { "x", "y" }),
        new("comment in `...`", "X=`printf '%s' x # <ph>\n`; printf '%s\\0' \"$X\"", v => new[] { "x" }),
        new("here-document", "cat <<EOF\na<ph>b\nEOF\nprintf '\\0'", v => new[] { "a" + v + "b\n" }, allowsNewline: false),
        new("quoted here-document", "cat <<'EOF'\na<ph>b\nEOF\nprintf '\\0'", v => new[] { "a" + v + "b\n" }, allowsNewline: false),
        new("${X:-...} in here-document", "unset X; cat <<EOF\n${X:-<ph>}!\nEOF\nprintf '\\0'", v => new[] { v + "!\n" }, allowsNewline: false),
        new("${Y#pattern} in here-document", "Y=<ph>zz; cat <<EOF\n${Y#<ph>}!\nEOF\nprintf '\\0'", v => new[] { "zz!\n" }, allowsNewline: false),
        new("bare in `...` in here-document", "cat <<EOF\n`printf '%s!' <ph>`\nEOF\nprintf '\\0'", v => new[] { v + "!\n" }, allowsNewline: false),
        new("double-quoted in `...` in here-document", "cat <<EOF\n`printf '%s!' \"<ph>\"`\nEOF\nprintf '\\0'", v => new[] { v + "!\n" }, allowsNewline: false),
        new("bare in $(...) in here-document", "cat <<EOF\n$(printf '%s!' <ph>)\nEOF\nprintf '\\0'", v => new[] { v + "!\n" }, allowsNewline: false),
        new("here-document in $(...)", "X=$(cat <<EOF\n<ph>!\nEOF\n); printf '%s\\0' \"$X\"", v => new[] { v + "!" }, allowsNewline: false),
    };

    public static IEnumerable<object[]> CaseData => Cases.Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(CaseData))]
    public void ShellReadsBackExactlyTheValue(string name)
    {
        int index = Array.FindIndex(Cases, c => c.Name == name);
        Case kase = Cases[index];
        int seed = BaseSeed + index;
        var random = new Random(seed);
        var values = new List<string>(ValuesPerContext);
        values.AddRange(FixedValues);
        int count = MainContexts.Contains(kase.Name) ? ValuesPerContext : ValuesPerExtraContext;
        while (values.Count < count)
        {
            values.Add(RandomValue(random));
        }

        // The redirection case creates files named after the value: skip values that are not plain file names.
        if (kase.Name == "redirection target")
        {
            values = values.Where(v => !v.Contains('/', StringComparison.Ordinal) && v.Length < 100).ToList();
        }

        var watch = Stopwatch.StartNew();
        string directory = Path.Combine(Path.GetTempPath(), "exectoolkit-shell-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            int batches = (values.Count + BatchSize - 1) / BatchSize;
            var failures = new string?[batches];
            Parallel.For(0, batches, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) }, b =>
            {
                failures[b] = RunBatch(kase, seed, values.Skip(b * BatchSize).Take(BatchSize).ToList(), b * BatchSize, directory);
            });
            string? failure = failures.FirstOrDefault(f => f != null);
            Assert.True(failure == null, failure);
            Assert.Empty(Directory.GetFileSystemEntries(directory));
        }
        finally
        {
            Directory.Delete(directory, true);
        }

        _output.WriteLine($"{kase.Name}: {values.Count} values in {watch.ElapsedMilliseconds} ms (seed {seed})");
    }

    private static string? RunBatch(Case kase, int seed, List<string> values, int first, string directory)
    {
        var script = new StringBuilder();
        var expected = new List<string>();
        var commands = new List<string>();
        for (int i = 0; i < values.Count; i++)
        {
            string value = values[i];
            string command;
            try
            {
                command = Expand(kase.Template, value);
            }
            catch (ArgumentException) when (!kase.AllowsNewline && value.Contains('\n', StringComparison.Ordinal))
            {
                commands.Add(string.Empty);
                continue;
            }

            commands.Add(command);
            script.Append("printf '\\036%d\\0' ").Append(first + i).Append('\n').Append(command).Append('\n');
        }

        script.Append("printf '\\036end\\0'\n");
        var (output, error, _) = RunShell(script.ToString(), directory);
        List<string> fields;
        try
        {
            fields = SplitNul(output);
        }
        catch (DecoderFallbackException e)
        {
            return $"[{kase.Name}] seed {seed}: output is not valid UTF-8 ({e.Message}); stderr: {error}";
        }

        int at = 0;
        for (int i = 0; i < values.Count; i++)
        {
            if (commands[i].Length == 0)
            {
                continue;
            }

            string value = values[i];
            var want = new List<string> { "\u001e" + (first + i).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            want.AddRange(kase.Expected(value));
            for (int k = 0; k < want.Count; k++)
            {
                string? got = at + k < fields.Count ? fields[at + k] : null;
                if (got != want[k])
                {
                    return $"[{kase.Name}] seed {seed}, value #{first + i} {Show(value)}\ncommand: {Show(commands[i])}\n"
                        + $"field {k}: expected {Show(want[k])}, got {(got == null ? "<missing>" : Show(got))}\nstderr: {error}";
                }
            }

            at += want.Count;
        }

        if (at >= fields.Count || fields[at] != "\u001eend")
        {
            return $"[{kase.Name}] seed {seed}: unexpected trailing output; stderr: {error}";
        }

        return null;
    }

    private static readonly string[] FixedValues =
    {
        string.Empty, "'", "\"", "\\", "`", "$", "$(id)", "`id`", "${HOME}", "$HOME", "a'; touch X; '", "\"; touch X; \"",
        "\n", "\n\n", "x\n", "\\\n", "'\\''", "-rf", "--", "*", "~", "#", "!", "}", "{", ")", "(", ";", "&", "|", "<", ">",
        "EOF", "\t", " ", "a b", "\u00e9", "\u4e2d", "\ud83d\ude00", "\\'", "\\\"", "\\$", "\\`", "$'", "$\"",
    };

    private const string Special = "'\"\\$`\n\t ;|&<>(){}*?[]~#=%!-\r^,:@/\\'\"$`";

    /// <summary>A value made mostly of shell metacharacters, with controls, non-ASCII text and surrogate pairs.</summary>
    public static string RandomValue(Random random)
    {
        int length = random.Next(4) == 0 ? random.Next(40) : random.Next(8);
        var sb = new StringBuilder();
        if (random.Next(10) == 0)
        {
            sb.Append('-');
        }

        for (int i = 0; i < length; i++)
        {
            int kind = random.Next(20);
            if (kind < 11)
            {
                sb.Append(Special[random.Next(Special.Length)]);
            }
            else if (kind < 15)
            {
                sb.Append("abcXYZ019_ ="[random.Next(12)]);
            }
            else if (kind < 17)
            {
                sb.Append((char)(random.Next(3) == 0 ? 0x7F : random.Next(1, 0x20)));
            }
            else if (kind < 19)
            {
                char c;
                do
                {
                    c = (char)random.Next(0x80, 0x10000);
                }
                while (char.IsSurrogate(c) || c == '\uFFFE' || c == '\uFFFF');
                sb.Append(c);
            }
            else
            {
                sb.Append(char.ConvertFromUtf32(random.Next(0x10000, 0x110000) is int cp && (cp & 0xFFFE) == 0xFFFE ? 0x1F600 : cp));
            }
        }

        return sb.ToString();
    }

    private static string Show(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in text)
        {
            if (c == '\\' || c == '"')
            {
                sb.Append('\\').Append(c);
            }
            else if (c < 0x20 || c == 0x7F || char.IsSurrogate(c) || c > 0x7E)
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.Append('"').ToString();
    }
}
