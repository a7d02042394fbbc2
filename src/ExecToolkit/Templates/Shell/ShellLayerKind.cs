namespace ExecToolkit.Templates;

/// <summary>A construct of the shell language that encloses a position of a command line (one layer of <see cref="ShellContext"/>).</summary>
/// <remarks>
/// Each member's description starts with the layer's character in <see cref="ShellContext.Layers"/>.
/// </remarks>
internal enum ShellLayerKind
{
    /// <summary><c>$</c>: the command substitution <c>$(...)</c>; a fresh command line starts inside.</summary>
    CommandSubstitution,

    /// <summary><c>`</c>: the backquoted command substitution <c>`...`</c> outside double quotes; a fresh command line starts inside.</summary>
    Backquotes,

    /// <summary>
    /// <c>B</c>: a backquoted command substitution inside double quotes, where <c>\"</c> also loses its backslash (in a
    /// here-document bash, mksh and zsh keep it, so backquotes there are <see cref="Backquotes"/>).
    /// </summary>
    BackquotesInDoubleQuotes,

    /// <summary><c>S</c>: single quotes <c>'...'</c>.</summary>
    SingleQuotes,

    /// <summary><c>D</c>: double quotes <c>"..."</c>.</summary>
    DoubleQuotes,

    /// <summary>
    /// <c>{</c>: the word of a parameter expansion such as <c>${X:-word}</c> (also <c>:=</c>, <c>:?</c>, <c>:+</c>, the forms
    /// without <c>:</c>, and the parameter name itself); the quoting around the expansion shows through.
    /// </summary>
    ParameterWord,

    /// <summary><c>P</c>: the pattern of <c>${X#pattern}</c>, <c>##</c>, <c>%</c>, <c>%%</c>; the quoting around the expansion shows through.</summary>
    ParameterPattern,

    /// <summary><c>A</c>: arithmetic expansion <c>$((...))</c>; the quoting around the expansion shows through.</summary>
    Arithmetic,

    /// <summary><c>H</c>: the body of a here-document with an unquoted delimiter, where <c>\ $ `</c> are special.</summary>
    HereDocument,

    /// <summary><c>Q</c>: the body of a here-document with a quoted delimiter (<c>&lt;&lt;'EOF'</c>), which is literal.</summary>
    QuotedHereDocument,
}
