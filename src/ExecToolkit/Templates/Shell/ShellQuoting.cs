namespace ExecToolkit.Templates;

/// <summary>The innermost shell quoting in effect at a position of a command line.</summary>
internal enum ShellQuoting
{
    /// <summary>Not quoted: the shell splits words and interprets operators, quotes and expansions.</summary>
    None,

    /// <summary>Inside <c>'...'</c>: every character is literal up to the closing quote.</summary>
    SingleQuoted,

    /// <summary>Inside <c>"..."</c>: <c>$</c>, <c>`</c> and <c>\</c> keep their special meaning.</summary>
    DoubleQuoted,
}
