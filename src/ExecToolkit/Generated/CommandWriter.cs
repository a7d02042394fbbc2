using System;
using System.ComponentModel;

namespace ExecToolkit.Generated;

/// <summary>
/// Writes one command straight into the string being created (<see cref="string.Create{TState}"/>), after the
/// generated code has measured it with <see cref="CommandParts"/>: the command string is the expansion's only
/// allocation. The escaping rules are those of <see cref="CommandTemplate.Expand"/>. Not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct CommandWriter
{
    private readonly Span<char> destination;
    private int position;

    /// <summary>Starts writing at the beginning of <paramref name="destination"/>.</summary>
    /// <param name="destination">The new string's characters, exactly as long as the command.</param>
    public CommandWriter(Span<char> destination)
    {
        this.destination = destination;
        position = 0;
    }

    /// <summary>Writes template text, or a value already made printable (<see cref="ExpansionMode.Verbatim"/>), as it is.</summary>
    /// <param name="text">The text.</param>
    public void Write(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text.CopyTo(destination[position..]);
        position += text.Length;
    }

    /// <summary>Writes a printable value as one single-quoted word: <c>'...'</c>, each <c>'</c> as <c>'\''</c>.</summary>
    /// <param name="value">The value, from <see cref="CommandParts"/>.</param>
    public void WriteBareWord(string value)
    {
        destination[position++] = '\'';
        WriteSingleQuoted(value);
        destination[position++] = '\'';
    }

    /// <summary>Writes a printable value inside <c>'...'</c>: each <c>'</c> as <c>'\''</c>.</summary>
    /// <param name="value">The value, from <see cref="CommandParts"/>.</param>
    public void WriteSingleQuoted(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        ReadOnlySpan<char> rest = value;
        int quote;
        while ((quote = rest.IndexOf('\'')) >= 0)
        {
            WriteSpan(rest[..quote]);
            WriteSpan("'\\''");
            rest = rest[(quote + 1)..];
        }

        WriteSpan(rest);
    }

    /// <summary>Writes a printable value inside <c>"..."</c>: a backslash before each of <c>\ $ " `</c>.</summary>
    /// <param name="value">The value, from <see cref="CommandParts"/>.</param>
    public void WriteDoubleQuoted(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        ReadOnlySpan<char> rest = value;
        int special;
        while ((special = rest.IndexOfAny(CommandParts.DoubleQuoteSpecials)) >= 0)
        {
            WriteSpan(rest[..special]);
            destination[position++] = '\\';
            destination[position++] = rest[special];
            rest = rest[(special + 1)..];
        }

        WriteSpan(rest);
    }

    private void WriteSpan(ReadOnlySpan<char> text)
    {
        text.CopyTo(destination[position..]);
        position += text.Length;
    }
}
