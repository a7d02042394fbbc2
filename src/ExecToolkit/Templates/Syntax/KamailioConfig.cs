// Shared source: compiled into the ExecToolkit runtime and into the ExecToolkit generator and analyzers.
// Keep it netstandard2.0-compatible and free of I/O.
using System.Collections.Generic;
using System.Text;

namespace ExecToolkit.Templates;

/// <summary>A string literal of a kamailio.cfg call, decoded, with the source offset of every decoded character.</summary>
internal sealed class ConfigString
{
    internal ConfigString(string value, int[] sourceOffsets, int start, int end)
    {
        Value = value;
        SourceOffsets = sourceOffsets;
        Start = start;
        End = end;
    }

    /// <summary>The decoded text (cfg escapes such as <c>\"</c> and <c>\n</c> applied).</summary>
    public string Value { get; }

    /// <summary>For each character of <see cref="Value"/> (and one past the end), its offset in the file.</summary>
    public IReadOnlyList<int> SourceOffsets { get; }

    /// <summary>Offset of the opening quote in the file.</summary>
    public int Start { get; }

    /// <summary>Offset just after the closing quote.</summary>
    public int End { get; }

    /// <summary>The file offset of a template offset.</summary>
    public int ToSource(int offset) => SourceOffsets[System.Math.Max(0, System.Math.Min(offset, SourceOffsets.Count - 1))];
}

/// <summary>One <c>exec_dset</c>, <c>exec_msg</c>, <c>exec_avp</c> or <c>exec_cmd</c> call found in a kamailio.cfg.</summary>
internal sealed class ConfigExecCall
{
    internal ConfigExecCall(string function, int offset, ConfigString? command, ConfigString? avpList)
    {
        Function = function;
        Offset = offset;
        Command = command;
        AvpList = avpList;
    }

    /// <summary>The function name.</summary>
    public string Function { get; }

    /// <summary>Offset of the function name in the file.</summary>
    public int Offset { get; }

    /// <summary>The command literal, or null when the argument is an expression (then it is not parsed for pseudo-variables).</summary>
    public ConfigString? Command { get; }

    /// <summary>The AVP list literal of the two-argument <c>exec_avp</c>, or null.</summary>
    public ConfigString? AvpList { get; }
}

/// <summary>Finds the exec module's calls in kamailio.cfg text: comments skipped, cfg string escapes understood.</summary>
internal static class KamailioConfig
{
    private static readonly string[] Functions = { "exec_dset", "exec_msg", "exec_avp", "exec_cmd" };

    /// <summary>Every exec call, in file order.</summary>
    public static IReadOnlyList<ConfigExecCall> FindExecCalls(string text)
    {
        if (text is null)
        {
            throw new System.ArgumentNullException(nameof(text));
        }

        var calls = new List<ConfigExecCall>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '#' && !(i + 1 < text.Length && text[i + 1] == '!'))
            {
                i = SkipLine(text, i);
                continue;
            }

            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                i = SkipLine(text, i);
                continue;
            }

            if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                int close = text.IndexOf("*/", i + 2, System.StringComparison.Ordinal);
                i = close < 0 ? text.Length : close + 2;
                continue;
            }

            if (c == '"' || c == '\'')
            {
                i = ReadString(text, i)?.End ?? text.Length;
                continue;
            }

            if (IsIdentifierStart(c) && (i == 0 || !IsIdentifierPart(text[i - 1])))
            {
                int end = i;
                while (end < text.Length && IsIdentifierPart(text[end]))
                {
                    end++;
                }

                string word = text.Substring(i, end - i);
                if (System.Array.IndexOf(Functions, word) >= 0)
                {
                    ConfigExecCall? call = ReadCall(text, word, i, end);
                    if (call is not null)
                    {
                        calls.Add(call);
                    }
                }

                i = end;
                continue;
            }

            i++;
        }

        return calls;
    }

    /// <summary>1-based line and column of a file offset.</summary>
    public static (int Line, int Column) LineColumn(string text, int offset)
    {
        int line = 1;
        int lineStart = 0;
        for (int k = 0; k < offset && k < text.Length; k++)
        {
            if (text[k] == '\n')
            {
                line++;
                lineStart = k + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }

    private static ConfigExecCall? ReadCall(string text, string function, int start, int nameEnd)
    {
        int p = SkipSpace(text, nameEnd);
        if (p >= text.Length || text[p] != '(')
        {
            return null;
        }

        p = SkipSpace(text, p + 1);
        ConfigString? command = null;
        ConfigString? avpList = null;
        if (p < text.Length && (text[p] == '"' || text[p] == '\''))
        {
            ConfigString? literal = ReadString(text, p);
            if (literal is null)
            {
                return null;
            }

            p = SkipSpace(text, literal.End);
            // A literal followed by '+' is an expression: Kamailio does not parse it for pseudo-variables.
            command = p < text.Length && text[p] == '+' ? null : literal;
            if (command is not null && p < text.Length && text[p] == ',')
            {
                p = SkipSpace(text, p + 1);
                if (p < text.Length && (text[p] == '"' || text[p] == '\''))
                {
                    avpList = ReadString(text, p);
                }
            }
        }

        return new ConfigExecCall(function, start, command, avpList);
    }

    // Kamailio's cfg lexer: in "..." a backslash escapes \n \r \t \\ \" and any other character stands for itself
    // (the backslash is kept); '...' is taken as written.
    private static ConfigString? ReadString(string text, int open)
    {
        char quote = text[open];
        var value = new StringBuilder();
        var offsets = new List<int>();
        int p = open + 1;
        while (p < text.Length)
        {
            char c = text[p];
            if (c == quote)
            {
                offsets.Add(p);
                return new ConfigString(value.ToString(), offsets.ToArray(), open, p + 1);
            }

            if (quote == '"' && c == '\\' && p + 1 < text.Length)
            {
                char next = text[p + 1];
                char? decoded = next switch
                {
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    '\\' => '\\',
                    '"' => '"',
                    _ => null,
                };
                offsets.Add(p);
                if (decoded is char d)
                {
                    value.Append(d);
                    p += 2;
                }
                else
                {
                    value.Append('\\');
                    p++;
                }

                continue;
            }

            offsets.Add(p);
            value.Append(c);
            p++;
        }

        return null;
    }

    private static int SkipLine(string text, int i)
    {
        int nl = text.IndexOf('\n', i);
        return nl < 0 ? text.Length : nl + 1;
    }

    private static int SkipSpace(string text, int p)
    {
        while (p < text.Length && (text[p] == ' ' || text[p] == '\t' || text[p] == '\r' || text[p] == '\n'))
        {
            p++;
        }

        return p;
    }

    private static bool IsIdentifierStart(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || (c >= '0' && c <= '9') || c == '.';
}
