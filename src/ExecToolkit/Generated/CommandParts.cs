using System;
using System.Buffers;
using System.ComponentModel;
using ExecToolkit.PseudoVariables;
using ExecToolkit.Templates;

namespace ExecToolkit.Generated;

/// <summary>
/// The first pass of a generated expansion: each method takes what an accessor returned, gives back the text
/// <see cref="CommandWriter"/> will write for it (<c>&lt;null&gt;</c> for null; in ShellSafe mode cut at its first
/// NUL) and adds the length of its escaped form to <c>length</c>, in one scan of the value. Not meant to be called
/// directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CommandParts
{
    internal static readonly SearchValues<char> DoubleQuoteSpecials = SearchValues.Create("\\$\"`");
    private static readonly SearchValues<char> DoubleQuoteSpecialsOrNul = SearchValues.Create("\\$\"`\0");

    /// <summary>A value written as it is (<see cref="ExpansionMode.Verbatim"/>; the whole command ends at a NUL instead).</summary>
    /// <param name="value">The accessor's value.</param>
    /// <param name="length">The command's length so far.</param>
    /// <returns>The text to write.</returns>
    public static string Verbatim(string? value, ref int length)
    {
        value ??= PseudoVariableEvaluator.NullText;
        length += value.Length;
        return value;
    }

    /// <summary>A value for <see cref="CommandWriter.WriteSingleQuoted"/>: inside <c>'...'</c>, each <c>'</c> becomes <c>'\''</c>.</summary>
    /// <param name="value">The accessor's value.</param>
    /// <param name="length">The command's length so far.</param>
    /// <returns>The printable value.</returns>
    public static string SingleQuoted(string? value, ref int length)
    {
        value ??= PseudoVariableEvaluator.NullText;
        if (value.AsSpan().IndexOfAny('\'', '\0') < 0)
        {
            length += value.Length;
            return value;
        }

        RefuseNul(value);
        length += value.Length + (3 * value.AsSpan().Count('\''));
        return value;
    }

    /// <summary>A value for <see cref="CommandWriter.WriteBareWord"/>: one single-quoted word.</summary>
    /// <param name="value">The accessor's value.</param>
    /// <param name="length">The command's length so far.</param>
    /// <returns>The printable value.</returns>
    public static string BareWord(string? value, ref int length)
    {
        length += 2;
        return SingleQuoted(value, ref length);
    }

    /// <summary>A value for <see cref="CommandWriter.WriteDoubleQuoted"/>: inside <c>"..."</c>, a backslash before each of <c>\ $ " `</c>.</summary>
    /// <param name="value">The accessor's value.</param>
    /// <param name="length">The command's length so far.</param>
    /// <returns>The printable value.</returns>
    public static string DoubleQuoted(string? value, ref int length)
    {
        value ??= PseudoVariableEvaluator.NullText;
        int hit = value.AsSpan().IndexOfAny(DoubleQuoteSpecialsOrNul);
        if (hit < 0)
        {
            length += value.Length;
            return value;
        }

        RefuseNul(value);
        int escaped = value.Length;
        ReadOnlySpan<char> rest = value.AsSpan(Math.Min(hit, value.Length));
        int special;
        while ((special = rest.IndexOfAny(DoubleQuoteSpecials)) >= 0)
        {
            escaped++;
            rest = rest[(special + 1)..];
        }

        length += escaped;
        return value;
    }

    /// <summary>A value escaped for a context the writer has no method for, written as it is.</summary>
    /// <param name="value">The accessor's value.</param>
    /// <param name="template">The generated method's template.</param>
    /// <param name="token">The index of the placeholder among the template's tokens.</param>
    /// <param name="length">The command's length so far.</param>
    /// <returns>The escaped text.</returns>
    public static string Escaped(string? value, CommandTemplate template, int token, ref int length)
    {
        ArgumentNullException.ThrowIfNull(template);
        string escaped = ShellEscaper.Escape(value ?? PseudoVariableEvaluator.NullText, template.GetShellContext(token));
        length += escaped.Length;
        return escaped;
    }

    /// <summary>The printed value of a placeholder the generator has no direct accessor for (transformations, indexes, rare variables).</summary>
    /// <param name="template">The generated method's template.</param>
    /// <param name="token">The index of the placeholder among the template's tokens.</param>
    /// <param name="request">The request.</param>
    /// <returns>The value as Kamailio prints it (<c>&lt;null&gt;</c> when it has none).</returns>
    public static string Print(CommandTemplate template, int token, RequestContext request)
    {
        ArgumentNullException.ThrowIfNull(template);
        PseudoVariableSpec variable = template.Tokens[token].Variable
            ?? throw new ArgumentOutOfRangeException(nameof(token), "not a pseudo-variable of the template");
        return PseudoVariableEvaluator.Print(variable, request);
    }

    /// <summary>A placeholder's value as (part of) one argument of a call made without the shell: exactly the value.</summary>
    /// <param name="value">The accessor's value.</param>
    /// <param name="template">The generated method's template.</param>
    /// <param name="token">The index of the placeholder among the template's tokens.</param>
    /// <returns>The value (<c>&lt;null&gt;</c> when it has none).</returns>
    /// <exception cref="UnsafeShellValueException">The value holds a NUL, which no argument can.</exception>
    public static string Argument(string? value, CommandTemplate template, int token)
    {
        ArgumentNullException.ThrowIfNull(template);
        return SimpleCommand.ArgumentValue(value ?? PseudoVariableEvaluator.NullText, template.Tokens[token].Source);
    }

    /// <summary>An environment variable of the command (<c>"$$NAME"</c>) as (part of) one argument: its value, empty when unset.</summary>
    /// <param name="environment">The command's environment by name.</param>
    /// <param name="name">The variable's name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="UnsafeShellValueException">The value holds a NUL, which no argument can.</exception>
    public static string Variable(Func<string, string?> environment, string name)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return SimpleCommand.ArgumentValue(environment(name) ?? "", "$" + name);
    }

    /// <summary>The <c> '&lt;R-URI&gt;'</c> exec_dset appends to its command.</summary>
    /// <param name="uri">The current Request-URI (not empty).</param>
    /// <returns>A space and the URI as one single-quoted word.</returns>
    public static string AppendedUri(string uri) => ShellEscaper.QuoteAppendedUri(uri);

    // The rule of ShellEscaper: a NUL cannot be passed to a shell, and cutting the value there would change what it says.
    private static void RefuseNul(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new UnsafeShellValueException(ShellEscaper.NulRefusal, nameof(value));
        }
    }

    /// <summary>A finished verbatim command ends at its first NUL, as popen's C string does.</summary>
    /// <param name="command">The command as written.</param>
    /// <returns>The command up to its first NUL.</returns>
    public static string CutAtNul(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        int nul = command.IndexOf('\0', StringComparison.Ordinal);
        return nul < 0 ? command : command[..nul];
    }
}
