using System;
using System.Text;

namespace ExecToolkit.Templates;

/// <summary>
/// Where a placeholder sits in a command line, as <c>/bin/sh</c> (POSIX sh, dash) will read it; where other shells read
/// the place differently, <see cref="ShellDifferences"/> says which values are refused there.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Layers"/> lists every construct enclosing the position, outermost first, one character each:
/// <c>$</c> command substitution <c>$(...)</c>; <c>`</c> backquoted command substitution; <c>B</c> backquoted
/// command substitution inside double quotes (where <c>\"</c> also loses its backslash; in a here-document bash, mksh and
/// zsh keep it, so backquotes there are <c>`</c>);
/// <c>S</c> single quotes; <c>D</c> double quotes; <c>{</c> the word of a parameter expansion such as
/// <c>${X:-word}</c>; <c>P</c> the pattern of <c>${X#pattern}</c>, <c>##</c>, <c>%</c>, <c>%%</c>; <c>A</c> arithmetic
/// expansion <c>$((...))</c>; <c>H</c> the body of an unquoted here-document; <c>Q</c> the body of a quoted
/// here-document (<c>&lt;&lt;'EOF'</c>). An empty string means a bare word of the top-level command line.
/// </para>
/// <para>The other properties are derived from the layers or describe the word around the position.</para>
/// </remarks>
public readonly struct ShellContext : IEquatable<ShellContext>
{
    [Flags]
    internal enum Flags
    {
        None = 0,
        RedirectionTarget = 1,
        Comment = 2,
        CommandWord = 4,
        WordStart = 8,
        FollowsBackslash = 16,
        AdjoinsParameter = 32,
        HereDocumentGuardExact = 64,
        HereDocumentDelimiter = 128,
        ParameterName = 256,
        HereDocumentStripsTabs = 512,
        FollowsLoneDollar = 1024,
        TildePrefix = 2048,
    }

    private readonly string? _layers;
    private readonly Flags _flags;

    internal ShellContext(string layers, Flags flags, string? hereDocumentGuard)
    {
        _layers = layers;
        _flags = flags;
        HereDocumentGuard = hereDocumentGuard;
    }

    /// <summary>
    /// The enclosing constructs, outermost first, one character each (see the remarks of <see cref="ShellContext"/>).
    /// </summary>
    public string Layers => _layers ?? string.Empty;

    /// <summary>
    /// The innermost quoting at the position. Inside <c>$(...)</c> or backquotes a fresh command line starts, so the
    /// quoting outside them does not count. Inside <c>${...}</c> and <c>$((...))</c> the quoting around the expansion
    /// counts. A here-document body reports <see cref="ShellQuoting.None"/>; see <see cref="IsHereDocument"/>.
    /// </summary>
    public ShellQuoting Quoting
    {
        get
        {
            string layers = Layers;
            for (int i = layers.Length - 1; i >= 0; i--)
            {
                switch (layers[i])
                {
                    case 'S':
                        return ShellQuoting.SingleQuoted;
                    case 'D':
                        return ShellQuoting.DoubleQuoted;
                    case '{':
                    case 'P':
                    case 'A':
                        continue;
                    default:
                        return ShellQuoting.None;
                }
            }

            return ShellQuoting.None;
        }
    }

    /// <summary>The number of enclosing command substitutions, <c>$(...)</c> or <c>`...`</c>.</summary>
    public int SubstitutionDepth
    {
        get
        {
            int depth = 0;
            foreach (char c in Layers)
            {
                if (IsSubstitution(c))
                {
                    depth++;
                }
            }

            return depth;
        }
    }

    /// <summary>True when the innermost enclosing command substitution is the backquoted form <c>`...`</c>.</summary>
    public bool InBackticks
    {
        get
        {
            string layers = Layers;
            for (int i = layers.Length - 1; i >= 0; i--)
            {
                if (IsSubstitution(layers[i]))
                {
                    return layers[i] != '$';
                }
            }

            return false;
        }
    }

    /// <summary>
    /// True when the position is part of the word after a redirection operator (<c>&gt; &gt;&gt; &lt; &lt;&gt; &gt;| &gt;&amp; &lt;&amp;</c>,
    /// with or without a file descriptor number before it), i.e. the value names a file or a descriptor.
    /// </summary>
    public bool IsRedirectionTarget => (_flags & Flags.RedirectionTarget) != 0;

    /// <summary>True when the position is inside a comment (after an unquoted <c>#</c> that starts a word).</summary>
    public bool IsComment => (_flags & Flags.Comment) != 0;

    /// <summary>
    /// True when the position is part of the first word of a simple command: the value would name the command run.
    /// Leading assignments (<c>A=1 cmd</c>) and redirections do not count as the command word; reserved words such as
    /// <c>then</c> or <c>do</c> are followed by a command word.
    /// </summary>
    public bool IsCommandWord => (_flags & Flags.CommandWord) != 0;

    /// <summary>
    /// True when nothing of the same word precedes the position (quote characters that contribute no characters do not
    /// count): a value starting with <c>-</c> would be read as an option.
    /// </summary>
    public bool IsWordStart => (_flags & Flags.WordStart) != 0;

    /// <summary>
    /// True when the position is in the body of a here-document. <see cref="Layers"/> ends in <c>H</c> (unquoted
    /// delimiter: <c>\ $ `</c> are special) or <c>Q</c> (quoted delimiter: the body is literal), unless an expansion
    /// inside the body encloses the position.
    /// </summary>
    public bool IsHereDocument
    {
        get
        {
            foreach (char c in Layers)
            {
                if (c == 'H' || c == 'Q')
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// True when the position is part of a here-document delimiter word (<c>&lt;&lt;&lt;ph&gt;</c>): the value would decide
    /// where the body ends, so <see cref="ShellEscaper"/> refuses every value there.
    /// </summary>
    public bool IsHereDocumentDelimiter => (_flags & Flags.HereDocumentDelimiter) != 0;

    /// <summary>
    /// True when the position is the parameter name of a braced expansion (<c>${&lt;ph&gt;}</c>): the value would select a
    /// variable, so <see cref="ShellEscaper"/> refuses every value there.
    /// </summary>
    public bool IsParameterName => (_flags & Flags.ParameterName) != 0;

    /// <summary>
    /// True when an escaping backslash of the command text directly precedes the position, so it would quote the first
    /// character of the inserted text. <see cref="ShellEscaper"/> neutralises it with a line continuation.
    /// </summary>
    public bool FollowsBackslash => (_flags & Flags.FollowsBackslash) != 0;

    /// <summary>
    /// True when the position directly follows <c>$</c> or an unbraced parameter such as <c>$NAME</c>, so characters of
    /// the value could extend the parameter name. <see cref="ShellEscaper"/> separates them.
    /// </summary>
    public bool AdjoinsParameter => (_flags & Flags.AdjoinsParameter) != 0;

    /// <summary>
    /// For a here-document body line that could equal the delimiter for some value: the text the escaped value must
    /// not equal (exact) or be part of (otherwise). Null when the line cannot end the here-document.
    /// </summary>
    internal string? HereDocumentGuard { get; }

    internal bool HereDocumentGuardIsExact => (_flags & Flags.HereDocumentGuardExact) != 0;

    internal Flags AllFlags => _flags;

    /// <summary>The layers inside the innermost command substitution (all of them outside any).</summary>
    internal string LocalLayers
    {
        get
        {
            string layers = Layers;
            int boundary = layers.Length - 1;
            while (boundary >= 0 && !IsSubstitution(layers[boundary]))
            {
                boundary--;
            }

            return layers.Substring(boundary + 1);
        }
    }

    /// <summary>The innermost layer, '\0' for a bare word of the top-level command line.</summary>
    internal char Innermost
    {
        get
        {
            string layers = Layers;
            return layers.Length == 0 ? '\0' : layers[layers.Length - 1];
        }
    }

    /// <summary>The quoting under the innermost <c>${...}</c> or <c>$((...))</c> layers: 'S', 'D', 'H', 'Q', or '\0' for none.</summary>
    internal char Underlying
    {
        get
        {
            string local = LocalLayers;
            for (int i = local.Length - 1; i >= 0; i--)
            {
                char c = local[i];
                if (c != '{' && c != 'P' && c != 'A')
                {
                    return c;
                }
            }

            return '\0';
        }
    }

    /// <summary>Inside the word or pattern of <c>${...}</c> that is itself in double quotes or a here-document.</summary>
    internal bool InQuotedBraces => (Innermost == '{' || Innermost == 'P') && (Underlying == 'D' || Underlying == 'H');

    /// <summary>
    /// 'S' or 'D' for a position in <c>'...'</c> or <c>"..."</c> directly inside the word or pattern of a <c>${...}</c> that
    /// is in double quotes or a here-document; '\0' otherwise.
    /// </summary>
    internal char QuoteInQuotedBraces
    {
        get
        {
            string local = LocalLayers;
            if (local.Length < 3)
            {
                return '\0';
            }

            char quote = local[local.Length - 1];
            int i = local.Length - 2;
            if ((quote != 'S' && quote != 'D') || (local[i] != '{' && local[i] != 'P'))
            {
                return '\0';
            }

            while (i >= 0 && (local[i] == '{' || local[i] == 'P' || local[i] == 'A'))
            {
                i--;
            }

            return i >= 0 && (local[i] == 'D' || local[i] == 'H') ? quote : '\0';
        }
    }

    /// <summary>Enclosed both by a <c>$(...)</c> and a backquoted substitution, in either order.</summary>
    internal bool NestsDollarAndBackquote
    {
        get
        {
            string layers = Layers;
            return layers.IndexOf('$') >= 0 && (layers.IndexOf('`') >= 0 || layers.IndexOf('B') >= 0);
        }
    }

    private static readonly char[] HereDocumentLayers = { 'H', 'Q' };
    private static readonly char[] SubstitutionLayers = { '$', '`', 'B' };

    /// <summary>In the body of a here-document that is inside a command substitution.</summary>
    internal bool HereDocumentInSubstitution
    {
        get
        {
            string layers = Layers;
            int here = layers.IndexOfAny(HereDocumentLayers);
            return here > 0 && layers.Substring(0, here).IndexOfAny(SubstitutionLayers) >= 0;
        }
    }

    /// <summary>In a word that starts with an unquoted <c>~</c>, before any <c>/</c>: the tilde prefix.</summary>
    internal bool InTildePrefix => (_flags & Flags.TildePrefix) != 0;

    /// <summary>The position directly follows a <c>$</c> that starts no expansion (e.g. the template <c>$$$rU</c>).</summary>
    internal bool FollowsLoneDollar => (_flags & Flags.FollowsLoneDollar) != 0;

    /// <summary>At the start of a <c>&lt;&lt;-</c> here-document line: leading tabs of the value would be stripped.</summary>
    internal bool HereDocumentStripsTabs => (_flags & Flags.HereDocumentStripsTabs) != 0;

    private static bool IsSubstitution(char c) => c == '$' || c == '`' || c == 'B';

    /// <inheritdoc/>
    public bool Equals(ShellContext other) =>
        string.Equals(Layers, other.Layers, StringComparison.Ordinal)
        && _flags == other._flags
        && string.Equals(HereDocumentGuard, other.HereDocumentGuard, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ShellContext other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (StringComparer.Ordinal.GetHashCode(Layers) * 397) ^ (int)_flags;

    /// <summary>Compares two contexts.</summary>
    /// <param name="left">The first context.</param>
    /// <param name="right">The second context.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(ShellContext left, ShellContext right) => left.Equals(right);

    /// <summary>Compares two contexts.</summary>
    /// <param name="left">The first context.</param>
    /// <param name="right">The second context.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(ShellContext left, ShellContext right) => !left.Equals(right);

    /// <summary>Describes the context, innermost construct first, e.g. <c>double-quoted in $(...)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        string layers = Layers;
        if (IsComment)
        {
            sb.Append("comment");
        }
        else if (layers.Length == 0 || IsSubstitution(layers[layers.Length - 1]))
        {
            sb.Append("bare");
        }

        for (int i = layers.Length - 1; i >= 0; i--)
        {
            string name;
            switch (layers[i])
            {
                case '$': name = "$(...)"; break;
                case '`': name = "`...`"; break;
                case 'B': name = "\"`...`\""; break;
                case 'S': name = "single-quoted"; break;
                case 'D': name = "double-quoted"; break;
                case '{': name = "${...}"; break;
                case 'P': name = "${...#pattern}"; break;
                case 'A': name = "$((...))"; break;
                case 'H': name = "here-document"; break;
                default: name = "quoted here-document"; break;
            }

            if (sb.Length > 0)
            {
                sb.Append(" in ");
            }

            sb.Append(name);
        }

        if (IsRedirectionTarget)
        {
            sb.Append(", redirection target");
        }

        if (IsCommandWord)
        {
            sb.Append(", command word");
        }

        if (IsWordStart)
        {
            sb.Append(", word start");
        }

        return sb.ToString();
    }
}
