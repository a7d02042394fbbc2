namespace ExecToolkit;

/// <summary>Whether a command starts through <c>/bin/sh -c</c>.</summary>
public enum ShellUse
{
    /// <summary>Every command runs as <c>/bin/sh -c &lt;command&gt;</c>, as Kamailio's popen does (the default).</summary>
    Always,

    /// <summary>
    /// A ShellSafe template that is one simple command (a program and words: literal text, quoted strings, values,
    /// <c>"$$NAME"</c>) starts its program directly with the argument vector the shell would build, found on PATH as
    /// the shell finds it; any other template runs through the shell. No value can be more than part of one argument.
    /// </summary>
    WhenNeeded,
}
