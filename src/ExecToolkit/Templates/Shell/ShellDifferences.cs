using System;

namespace ExecToolkit.Templates;

/// <summary>
/// Where the shells a user may run as <c>/bin/sh</c> or with <c>-c</c> (dash, bash and <c>bash --posix</c>, busybox ash,
/// mksh, ksh93, zsh in sh emulation, yash, posh) read the same text differently, so that no escaping gives every one of
/// them the value back: each entry names the context, the values it refuses, the shells that differ and why.
/// <see cref="ShellEscaper"/> checks a value against every entry before it writes it; the table is checked against the
/// real shells by the test suite (<c>EveryShellSafetyTests</c>) and listed in docs/shell-safety.md.
/// </summary>
internal static class ShellDifferences
{
    private static readonly char[] HereDocumentInSubstitutionCharacters = { '\'', '"', '(', ')', '`' };

    /// <summary>The differences, in the order they are checked.</summary>
    public static readonly ShellDifference[] All =
    {
        new(
            "quote-in-braces",
            "the word of \"${X:-word}\" (also :=, :?, :+ and the forms without ':') or of ${...} in a here-document",
            "a single quote",
            "bash, ksh93, yash",
            "they match single quotes there although the quotes stay literal; dash and the others read a plain character, and a backslash before it stays in the value",
            c => c.InQuotedBraces && c.InnermostIs(ShellLayerKind.ParameterWord),
            v => v.IndexOf('\'') >= 0),
        new(
            "quotes-in-quoted-braces",
            "'...' or \"...\" inside \"${...}\" or inside ${...} in a here-document (\"${X:-\"word\"}\", \"${X#'pattern'}\")",
            "every value",
            "bash, ksh93, zsh",
            "such nested quotes are read three ways: ksh93 ends the outer quotes there (brace expansion and $ apply), bash expands $(...) inside the single quotes, zsh ends them at a '}'",
            c => c.InQuotesInQuotedBraces,
            v => true),
        new(
            "process-substitution-in-braces",
            "${...} (word or pattern) in double quotes or a here-document",
            "'<(' or '>('",
            "bash",
            "bash reads a process substitution there, the other shells plain characters",
            c => c.InQuotedBraces,
            v => v.Contains("<(") || v.Contains(">(")),
        new(
            "double-quote-in-here-document-braces",
            "${...} (word or pattern) in a here-document",
            "a double quote",
            "zsh, bash, posh",
            "zsh reads \\\" in ${...} of a here-document as a quote, bash and posh keep the backslash of \\\" in a nested \"...\" pattern there; an unescaped one would quote in zsh",
            c => c.InQuotedBraces && c.LayerStack.Underlying?.Kind == ShellLayerKind.HereDocument,
            v => v.IndexOf('"') >= 0),
        new(
            "tilde-in-braces",
            "the word of ${...} in double quotes or a here-document",
            "a value starting with '~'",
            "yash, mksh",
            "yash (in double quotes) and mksh (in a here-document) expand a leading tilde there, the other shells keep it; a backslash before it stays in the value",
            c => c.InQuotedBraces && c.InnermostIs(ShellLayerKind.ParameterWord),
            v => v.Length > 0 && v[0] == '~'),
        new(
            "empty-word-in-braces",
            "the word of an unquoted ${X:-word}",
            "the empty value",
            "ksh93",
            "ksh93 drops the word ${X:-''} altogether, the other shells keep an empty argument",
            c => c.InnermostIs(ShellLayerKind.ParameterWord) && c.LayerStack.Underlying == null,
            v => v.Length == 0),
        new(
            "single-quote-in-nested-substitutions",
            "outside double quotes in a $(...) and a `...` nested in each other",
            "a single quote",
            "bash, posh",
            "bash (a $(...) in \"`...`\") and posh (a `...` in $(...)) look for the end of the outer substitution in text whose backslashes are not yet removed, so '\\'' does not balance there",
            c => c.NestsDollarAndBackquote && c.LayerStack.Innermost?.SingleQuoteIsLiteral != true,
            v => v.IndexOf('\'') >= 0),
        new(
            "double-quote-in-nested-substitutions",
            "in double quotes in a $(...) and a `...` nested in each other",
            "a double quote",
            "posh",
            "posh looks for the end of a `...` in $(...) in text whose backslashes are not yet removed, so \\\" ends the quotes there",
            c => c.NestsDollarAndBackquote && c.InnermostIs(ShellLayerKind.DoubleQuotes),
            v => v.IndexOf('"') >= 0),
        new(
            "tilde-prefix",
            "a word that starts with an unquoted '~' (before any '/')",
            "every value",
            "ksh93",
            "ksh93 reads quoted text after '~' as part of the tilde prefix (~'+' is the working directory, ~'' the home directory), the other shells leave such a tilde literal",
            c => c.InTildePrefix,
            v => true),
        new(
            "invalid-utf8-in-here-document",
            "a here-document body",
            "bytes that are not UTF-8",
            "ksh93",
            "ksh93 in a UTF-8 locale loops forever or crashes on such bytes in a here-document",
            c => c.IsHereDocument,
            HasInvalidUtf8),
        new(
            "here-document-in-substitution",
            "a here-document inside $(...) or `...`",
            "a quote, a parenthesis or a backquote",
            "posh",
            "posh looks for the end of the substitution through the here-document's body as if it were commands: a ')' there ends the substitution and the rest of the body runs",
            c => c.HereDocumentInSubstitution,
            v => v.IndexOfAny(HereDocumentInSubstitutionCharacters) >= 0),
        new(
            "delimiter-start-in-here-document",
            "the first value of a here-document line whose text before it is the start of the delimiter, or all of it",
            "a value that makes the line begin with the delimiter followed by ')' or by a byte over 127",
            "ksh93, dash",
            "ksh93 ends the here-document at a line that begins with the delimiter and ')' (so that $(cat <<EOF ... EOF) works) and loops forever on a line that begins with the delimiter and a character of more than one byte; dash drops a byte over 127 that follows the delimiter at the start of a line",
            c => c.HereDocumentLine is not null,
            (v, c) => c.HereDocumentLine!.BeginsWithDelimiterAndParenthesisOrHighByte(ShellEscaper.InHereDocument(v, c.InnermostIs(ShellLayerKind.HereDocument)))),
    };

    // Request bytes that are not UTF-8 arrive as U+DC80-U+DCFF (SipText); a lone surrogate cannot be written as UTF-8 either.
    private static bool HasInvalidUtf8(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when some entry applies at <paramref name="context"/>, so that some values are refused there.</summary>
    /// <param name="context">A placeholder's context.</param>
    /// <returns>True when a difference applies.</returns>
    internal static bool AnyApplies(ShellContext context)
    {
        foreach (ShellDifference difference in All)
        {
            if (difference.AppliesTo(context))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Throws <see cref="UnsafeShellValueException"/> when an entry refuses <paramref name="value"/> at <paramref name="context"/>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="context">Where it goes.</param>
    internal static void Check(string value, ShellContext context)
    {
        foreach (ShellDifference difference in All)
        {
            if (difference.AppliesTo(context) && difference.Refuses(value, context))
            {
                throw new UnsafeShellValueException(
                    "Refused in " + difference.Context + " (" + difference.Values + "): " + difference.Reason + " (" + difference.Shells + "; " + difference.Id + ").",
                    nameof(value));
            }
        }
    }
}

/// <summary>One place where shells read the same text differently: the values refused there and why.</summary>
internal sealed class ShellDifference
{
    private readonly Func<ShellContext, bool> _appliesTo;
    private readonly Func<string, ShellContext, bool> _refuses;

    internal ShellDifference(string id, string context, string values, string shells, string reason, Func<ShellContext, bool> appliesTo, Func<string, bool> refuses)
        : this(id, context, values, shells, reason, appliesTo, (v, _) => refuses(v))
    {
    }

    internal ShellDifference(string id, string context, string values, string shells, string reason, Func<ShellContext, bool> appliesTo, Func<string, ShellContext, bool> refuses)
    {
        Id = id;
        Context = context;
        Values = values;
        Shells = shells;
        Reason = reason;
        _appliesTo = appliesTo;
        _refuses = refuses;
    }

    /// <summary>A short name, quoted in refusals and diagnostics.</summary>
    public string Id { get; }

    /// <summary>Where the difference lies.</summary>
    public string Context { get; }

    /// <summary>The values refused there.</summary>
    public string Values { get; }

    /// <summary>The shells that read the text differently from the others.</summary>
    public string Shells { get; }

    /// <summary>What they do.</summary>
    public string Reason { get; }

    /// <summary>True when the difference concerns values at <paramref name="context"/>.</summary>
    /// <param name="context">A placeholder's context.</param>
    /// <returns>True when it applies.</returns>
    public bool AppliesTo(ShellContext context) => _appliesTo(context);

    /// <summary>True when <paramref name="value"/> is refused at <paramref name="context"/>, where the difference applies.</summary>
    /// <param name="value">A value.</param>
    /// <param name="context">Where it goes (some entries depend on the text around it).</param>
    /// <returns>True when refused.</returns>
    public bool Refuses(string value, ShellContext context) => _refuses(value ?? throw new ArgumentNullException(nameof(value)), context);
}
