namespace ExecToolkit;

/// <summary>How pseudo-variable values are put into the command string.</summary>
public enum ExpansionMode
{
    /// <summary>
    /// The default: each value is escaped for the shell quoting context it lands in, so the shell reads it back as
    /// exactly that value and nothing from the request can change what the shell runs.
    /// </summary>
    ShellSafe,

    /// <summary>Kamailio's behaviour: values are pasted in as they are. A value can end quotes and inject commands.</summary>
    Verbatim,
}
