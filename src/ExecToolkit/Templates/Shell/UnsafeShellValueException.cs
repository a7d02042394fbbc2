// Shared source: compiled into the ExecToolkit runtime and into the ExecToolkit generator and analyzers.
// Keep it netstandard2.0-compatible and free of I/O.
using System;

namespace ExecToolkit.Templates;

/// <summary>A value that cannot be placed in its shell context without changing what the shell runs.</summary>
[Serializable]
public sealed class UnsafeShellValueException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public UnsafeShellValueException()
        : base("the value cannot be placed safely in this shell context")
    {
    }

    /// <summary>Creates the exception.</summary>
    public UnsafeShellValueException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception naming the parameter.</summary>
    public UnsafeShellValueException(string message, string paramName)
        : base(message, paramName)
    {
    }

    /// <summary>Creates the exception.</summary>
    public UnsafeShellValueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
