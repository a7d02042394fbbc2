using System;
using System.Collections.Generic;
using System.Text;

namespace ExecToolkit.Tests.Templates.Shells;

/// <summary>
/// Values built to break shell quoting in some shell: quotes, backslashes, <c>$</c> forms of every shell (<c>$'</c>,
/// <c>$"</c>, <c>$[</c>, <c>${</c>, <c>$((</c>), backquotes, braces and brace expansions, process substitutions, glob and
/// pattern characters, here-document delimiters, newlines, CR, NUL, invalid UTF-8, look-alike characters and very long
/// values. The same seed gives the same values.
/// </summary>
public static class HostileValues
{
    /// <summary>Pieces that mean something to at least one shell, spliced whole into values.</summary>
    private static readonly string[] Pieces =
    {
        "'", "\"", "\\", "$", "`", "${", "}", "$(", ")", "$((", "))", "<(", ">(", "$[", "]", "$'", "$\"", "{a,b}", "{1..3}",
        "\\'", "\\\"", "\\\\", "\\$", "\\`", "\\\n", "'\\''", "\"'\"", "!", "!!", "!$", "^", "\n", "\r", "\r\n", "\t", " ",
        "EOF", "\nEOF\n", "~", "~root", "*", "?", "[a]", "[!a]", "[[:alpha:]]", "#", "##", "%", "%%", "=", ":-", ":=", ":?",
        ";", "&", "&&", "|", "||", ">", "<", "<<", ">|", "(", "-e", "-n", "--", "=(", "@(", "*(", "+(", "!(", "?(", "&>",
        "\u0000", "$$", "$@", "$*", "$#", "$?", "$-", "$0", "$1", "$IFS", "${IFS}", "$(id)", "`id`", "$(touch /tmp/p)",
        "\u00a0", "\u2028", "\uff04", "\u2018", "\u2019", "\u201c", "\uff07", "\u02bc", "é", "中", "\U0001F600",
        "\udcff", "\udcfe", "\udcf8", "\udc80", "\udcc3", "\udce2\udc80",
    };

    private const string Singles = "'\"\\$`\n \t;|&<>(){}*?[]~#=%!-\r^,:@/+.0123456789";

    /// <summary>Values for the property run: <paramref name="count"/> random ones after the fixed ones every run checks.</summary>
    public static List<string> Create(int count, int seed)
    {
        var values = new List<string>(Fixed());
        var random = new Random(seed);
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            sb.Clear();
            int shape = random.Next(100);
            if (shape == 0)
            {
                // Very long: tens of thousands of characters (the command stays under Linux's 128 KiB per argument).
                int length = random.Next(5_000, 25_000);
                while (sb.Length < length)
                {
                    sb.Append(random.Next(3) == 0 ? Pieces[random.Next(Pieces.Length)] : ((char)random.Next('a', 'z' + 1)).ToString());
                }
            }
            else
            {
                if (random.Next(10) == 0)
                {
                    sb.Append('-');
                }

                int parts = random.Next(0, 12);
                for (int k = 0; k < parts; k++)
                {
                    int pick = random.Next(10);
                    if (pick < 4)
                    {
                        sb.Append(Pieces[random.Next(Pieces.Length)]);
                    }
                    else if (pick < 7)
                    {
                        sb.Append(Singles[random.Next(Singles.Length)]);
                    }
                    else if (pick < 9)
                    {
                        sb.Append((char)random.Next('a', 'z' + 1));
                    }
                    else
                    {
                        sb.Append((char)random.Next(1, 0x20));
                    }
                }
            }

            values.Add(sb.ToString());
        }

        return values;
    }

    /// <summary>Every piece alone, the values issue 13 reported, and integers for arithmetic contexts.</summary>
    public static IEnumerable<string> Fixed()
    {
        yield return "";
        foreach (string piece in Pieces)
        {
            yield return piece;
            yield return "a" + piece + "b";
        }

        yield return "<(";
        yield return "\")}\" ; touch /tmp/p ; #";
        yield return "'; touch /tmp/p; '";
        yield return "\\'; touch /tmp/p; #";
        yield return "[1+1]";
        yield return "[$(touch /tmp/p)]";
        yield return "a{b,c}d";
        yield return "0";
        yield return "7";
        yield return "-12";
        yield return "+3";
        yield return "010";
        yield return "08";
        yield return "999999999999999999";
        yield return "1e3";
        yield return "0x10";
        yield return "1+1";
        yield return "a[$(id)]";
        yield return "x=1";
        yield return "EOF";
        yield return "\tEOF";
        yield return "EOF)";
        yield return "EOF))x";
        yield return "EOFé";
        yield return "EOF中)";
        yield return "EOF(";
        yield return "EOF\\)";
        yield return "EOF\udcc3";
        yield return "\tx";

        // Escaped invalid bytes that together are UTF-8: the shell gets the bytes of "À" and of U+2000.
        yield return "\udcc3\udc80";
        yield return "a\udce2\udc80\udc80b";
    }
}
