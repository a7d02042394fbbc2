using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using ExecToolkit.Sip;

namespace ExecToolkit.Tests.Templates;

/// <summary>
/// ShellSafe expansion through the real /bin/sh: for random hostile values in every quoting context, the shell must
/// read back exactly the value, as one argument.
/// </summary>
public class ShellSafePropertyTests
{
    private const int ValuesPerContext = 10_000;
    private const int Batch = 1_000;

    // Each template prints "$#" and every argument of `set --`, NUL-terminated. {v} is where the value goes.
    public static IEnumerable<object[]> Contexts() => new[]
    {
        new object[] { "bare", "set -- $var(v)", "{v}" },
        new object[] { "bare inside a word", "set -- a$var(v)b", "a{v}b" },
        new object[] { "single-quoted", "set -- 'a$var(v)b'", "a{v}b" },
        new object[] { "double-quoted", "set -- \"a$var(v)b\"", "a{v}b" },
        new object[] { "bare in $(...)", "set -- \"$$(printf '%s!' $var(v))\"", "{v}!" },
        new object[] { "double-quoted in $(...)", "set -- \"$$(printf '%s!' \"$var(v)\")\"", "{v}!" },
        new object[] { "bare in backticks", "set -- \"`printf '%s!' $var(v)`\"", "{v}!" },
        new object[] { "double-quoted in backticks", "set -- \"`printf '%s!' \"$var(v)\"`\"", "{v}!" },
        new object[] { "single-quoted in backticks", "set -- \"`printf '%s!' 'x$var(v)'`\"", "x{v}!" },
        new object[] { "in ${...} unquoted", "set -- $${UNSET_VARIABLE:-$var(v)}", "{v}" },
        new object[] { "in ${...} double-quoted", "set -- \"$${UNSET_VARIABLE:-$var(v)}\"", "{v}" },
        new object[] { "after a bare $", "set -- $$$var(v)", "${v}" },
        new object[] { "after a double-quoted $", "set -- \"$$$var(v)\"", "${v}" },
        // The template's backslash would escape the value's first character: a line continuation is put in between.
        new object[] { "after a backslash", "set -- \\$var(v)", "{v}" },
        new object[] { "in $(...) in backticks", "set -- \"`printf '%s!' \"$$(printf '%s.' $var(v))\"`\"", "{v}.!" },
    };

    private const string Specials = "'\"\\$`\n \t;|&<>(){}*?[]~#=%!-\r^,:@/";

    /// <summary>Random values, every char but NUL possible, heavy on shell syntax; a fixed seed so a failure repeats.</summary>
    internal static string[] HostileValues(int count, int seed)
    {
        var random = new Random(seed);
        var values = new string[count];
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            sb.Clear();
            if (random.Next(10) == 0)
            {
                sb.Append('-');
            }

            int length = random.Next(0, 25);
            for (int k = 0; k < length; k++)
            {
                int pick = random.Next(12);
                sb.Append(pick switch
                {
                    < 6 => Specials[random.Next(Specials.Length)],
                    < 9 => (char)random.Next('a', 'z' + 1),
                    9 => "é中\u00a0\u2028"[random.Next(4)],
                    10 => (char)random.Next(1, 0x20),
                    // Bytes 0xF8-0xFF never occur in UTF-8, so they stay single escaped bytes on the way back.
                    _ => (char)random.Next(0xDCF8, 0xDD00),
                });
            }

            values[i] = sb.ToString();
        }

        return values;
    }

    [Theory]
    [MemberData(nameof(Contexts))]
    public void Shell_reads_back_exactly_the_value_as_one_argument(string name, string template, string expected)
    {
        var values = HostileValues(ValuesPerContext, seed: name.Length * 7919).Concat(new[] { "", "'", "\"", "\\", "$(id)", "`id`", "a b", "-n", "'; touch /tmp/pwned; '", "\n", "${HOME}", "*" }).ToArray();
        var command = CommandTemplate.Parse(template + "; printf '%s\\0' \"$$#\" \"$$@\"");
        var context = MinimalRequest();
        var results = new List<string>();
        for (int start = 0; start < values.Length; start += Batch)
        {
            var script = new StringBuilder();
            foreach (string value in values.Skip(start).Take(Batch))
            {
                context.Vars["v"] = value;
                script.Append(command.Expand(context)).Append('\n');
            }

            results.AddRange(RunShell(script.ToString()));
        }

        int k = 0;
        foreach (string value in values)
        {
            Assert.True(k + 1 < results.Count, $"{name}: output ended early at value {k}");
            string want = expected.Replace("{v}", value, StringComparison.Ordinal);
            Assert.True(results[k] == "1" && results[k + 1] == want, $"{name}: value {Show(value)} gave count {results[k]} and {Show(results[k + 1])}, expected {Show(want)}");
            k += 2;
        }

        Assert.Equal(results.Count, k);
    }

    [Fact]
    public void The_same_check_catches_verbatim_injection()
    {
        var context = MinimalRequest();
        context.Vars["v"] = "a b'; printf '%s\\0' injected; '";
        string verbatim = CommandTemplate.Parse("set -- '$var(v)'; printf '%s\\0' \"$$#\" \"$$@\"").Expand(context, ExpansionMode.Verbatim);
        var results = RunShell(verbatim + "\n");
        Assert.Contains("injected", results);
        Assert.NotEqual("1", results[0]);
    }

    internal static RequestContext MinimalRequest()
        => RequestContext.Parse(Encoding.ASCII.GetBytes("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:c@d>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"));

    internal static List<string> RunShell(string script)
    {
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = new MemoryStream();
        var reader = p.StandardOutput.BaseStream.CopyToAsync(stdout);
        p.StandardInput.BaseStream.Write(SipText.Encode(script));
        p.StandardInput.Close();
        reader.Wait();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "sh failed: " + stderr.Result);
        string text = SipText.Decode(stdout.ToArray());
        var parts = text.Split('\0').ToList();
        Assert.Equal("", parts[^1]);
        parts.RemoveAt(parts.Count - 1);
        return parts;
    }

    private static string Show(string s) => "\"" + string.Concat(s.Select(c => c < ' ' || c >= '\u007f' ? $"\\u{(int)c:x4}" : c.ToString())) + "\"";
}
