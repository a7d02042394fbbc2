// Shared source: compiled into the ExecToolkit runtime and into the ExecToolkit generator and analyzers.
// Keep it netstandard2.0-compatible and free of I/O.
using System;
using System.Text;

namespace ExecToolkit.Templates;

/// <summary>The innermost quoting around a position of a shell command.</summary>
public enum ShellQuoting
{
    /// <summary>Not quoted: the value is split into words, globbed, and its operators act.</summary>
    None,

    /// <summary>Inside <c>'...'</c>: only a <c>'</c> ends it.</summary>
    SingleQuoted,

    /// <summary>Inside <c>"..."</c>: <c>$</c>, backticks and <c>\</c> still act.</summary>
    DoubleQuoted,
}

/// <summary>Where a placeholder sits in a command, as <c>/bin/sh</c> will read it.</summary>
public readonly struct ShellContext : IEquatable<ShellContext>
{
    internal ShellContext(string layers, ShellContextFlags flags)
    {
        Layers = layers;
        Flags = flags;
    }

    /// <summary>
    /// The enclosing constructs from the outside in: <c>S</c> <c>$(...)</c>, <c>B</c> backticks, <c>D</c> double quotes,
    /// <c>Q</c> single quotes, <c>P</c> <c>${...}</c>, <c>A</c> <c>$((...))</c>, <c>H</c> an unquoted here-document,
    /// <c>L</c> a quoted (literal) here-document. Empty at the top level.
    /// </summary>
    public string Layers { get; }

    /// <summary>The flags.</summary>
    public ShellContextFlags Flags { get; }

    /// <summary>The innermost quoting.</summary>
    public ShellQuoting Quoting
    {
        get
        {
            string layers = Layers ?? "";
            for (int i = layers.Length - 1; i >= 0; i--)
            {
                switch (layers[i])
                {
                    case 'Q':
                        return ShellQuoting.SingleQuoted;
                    case 'D':
                        return ShellQuoting.DoubleQuoted;
                    case 'S':
                    case 'B':
                        return ShellQuoting.None;
                }
            }

            return ShellQuoting.None;
        }
    }

    /// <summary>The number of enclosing <c>$(...)</c> and backtick substitutions.</summary>
    public int SubstitutionDepth
    {
        get
        {
            int n = 0;
            foreach (char c in Layers ?? "")
            {
                if (c == 'S' || c == 'B')
                {
                    n++;
                }
            }

            return n;
        }
    }

    /// <summary>Whether the innermost substitution is backticks.</summary>
    public bool InBackticks
    {
        get
        {
            string layers = Layers ?? "";
            for (int i = layers.Length - 1; i >= 0; i--)
            {
                if (layers[i] == 'S' || layers[i] == 'B')
                {
                    return layers[i] == 'B';
                }
            }

            return false;
        }
    }

    /// <summary>Whether it is inside <c>$((...))</c>, where a value is evaluated as arithmetic.</summary>
    public bool InArithmetic => (Layers ?? "").IndexOf('A') >= 0;

    /// <summary>Whether it is inside a here-document body.</summary>
    public bool IsHereDocument => (Layers ?? "").IndexOf('H') >= 0 || (Layers ?? "").IndexOf('L') >= 0;

    /// <summary>Part of the word after a redirection operator (<c>&gt; file</c>, <c>2&gt;&gt; "file"</c>).</summary>
    public bool IsRedirectionTarget => (Flags & ShellContextFlags.RedirectionTarget) != 0;

    /// <summary>Inside a comment: the shell ignores it up to the next newline.</summary>
    public bool IsComment => (Flags & ShellContextFlags.Comment) != 0;

    /// <summary>Part of the first word of a simple command: the value would choose the program to run.</summary>
    public bool IsCommandWord => (Flags & ShellContextFlags.CommandWord) != 0;

    /// <summary>Nothing of the same word comes before it.</summary>
    public bool IsWordStart => (Flags & ShellContextFlags.WordStart) != 0;

    /// <summary>Right after an unquoted or double-quoted <c>$</c>: value and <c>$</c> would form an expansion.</summary>
    public bool FollowsDollar => (Flags & ShellContextFlags.FollowsDollar) != 0;

    /// <summary>Right after a backslash that would escape the value's first character.</summary>
    public bool FollowsBackslash => (Flags & ShellContextFlags.FollowsBackslash) != 0;

    /// <summary>A construct ExecToolkit does not model (nested backticks): no value can be placed there safely.</summary>
    public bool IsUnsupported => (Flags & ShellContextFlags.Unsupported) != 0;

    /// <inheritdoc/>
    public bool Equals(ShellContext other) => string.Equals(Layers ?? "", other.Layers ?? "", StringComparison.Ordinal) && Flags == other.Flags;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ShellContext other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Layers ?? "") ^ (int)Flags;

    /// <summary>Equality.</summary>
    public static bool operator ==(ShellContext left, ShellContext right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(ShellContext left, ShellContext right) => !left.Equals(right);

    /// <summary>A readable description, as in <c>double-quoted in $(...)</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(IsComment ? "comment" : Quoting switch
        {
            ShellQuoting.SingleQuoted => "single-quoted",
            ShellQuoting.DoubleQuoted => "double-quoted",
            _ => "bare word",
        });
        if (IsCommandWord)
        {
            sb.Append(", command name");
        }

        if (IsRedirectionTarget)
        {
            sb.Append(", redirection target");
        }

        string layers = Layers ?? "";
        for (int i = layers.Length - 1; i >= 0; i--)
        {
            string? name = layers[i] switch
            {
                'S' => "$(...)",
                'B' => "`...`",
                'P' => "${...}",
                'A' => "$((...))",
                'H' => "here-document",
                'L' => "quoted here-document",
                _ => null,
            };
            if (name is not null)
            {
                sb.Append(" in ").Append(name);
            }
        }

        return sb.ToString();
    }
}

/// <summary>Facts about a placeholder's position.</summary>
[Flags]
public enum ShellContextFlags
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>See <see cref="ShellContext.IsRedirectionTarget"/>.</summary>
    RedirectionTarget = 1,

    /// <summary>See <see cref="ShellContext.IsComment"/>.</summary>
    Comment = 2,

    /// <summary>See <see cref="ShellContext.IsCommandWord"/>.</summary>
    CommandWord = 4,

    /// <summary>See <see cref="ShellContext.IsWordStart"/>.</summary>
    WordStart = 8,

    /// <summary>See <see cref="ShellContext.FollowsDollar"/>.</summary>
    FollowsDollar = 16,

    /// <summary>See <see cref="ShellContext.FollowsBackslash"/>.</summary>
    FollowsBackslash = 32,

    /// <summary>See <see cref="ShellContext.IsUnsupported"/>.</summary>
    Unsupported = 64,
}

/// <summary>One piece of a command: literal shell text, or a placeholder for a value.</summary>
public readonly struct ShellSegment
{
    private ShellSegment(string? text) => TextOrNull = text;

    private string? TextOrNull { get; }

    /// <summary>Whether this is a placeholder.</summary>
    public bool IsPlaceholder => TextOrNull is null;

    /// <summary>The literal text (empty for a placeholder).</summary>
    public string Text => TextOrNull ?? "";

    /// <summary>Literal shell text.</summary>
    public static ShellSegment Literal(string text) => new(text ?? throw new ArgumentNullException(nameof(text)));

    /// <summary>A placeholder for a value.</summary>
    public static ShellSegment Placeholder() => default;
}
