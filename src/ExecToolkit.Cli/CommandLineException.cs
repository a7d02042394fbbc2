using System;

namespace ExecToolkit.Cli;

/// <summary>Bad usage or bad input: exit code 2 with one line on stderr.</summary>
internal sealed class CommandLineException : Exception
{
    public CommandLineException(string message)
        : base(message)
    {
    }

    public CommandLineException()
    {
    }

    public CommandLineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
