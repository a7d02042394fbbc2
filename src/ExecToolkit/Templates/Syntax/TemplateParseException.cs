// Shared source: compiled into the ExecToolkit runtime and into the ExecToolkit generator and analyzers.
// Keep it netstandard2.0-compatible and free of I/O.
using System;

namespace ExecToolkit.Templates;

/// <summary>A command template that Kamailio would refuse at start-up (<c>bad PVE format</c>).</summary>
[Serializable]
public sealed class TemplateParseException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public TemplateParseException(string reason, int offset, int length)
        : base(reason + " at " + offset.ToString(System.Globalization.CultureInfo.InvariantCulture))
    {
        Reason = reason;
        Offset = offset;
        Length = length;
    }

    /// <summary>Creates an exception with a generic message.</summary>
    public TemplateParseException()
        : this("malformed template", 0, 0)
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public TemplateParseException(string message)
        : this(message, 0, 0)
    {
    }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    public TemplateParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; } = "";

    /// <summary>Zero-based offset in the template where the problem starts.</summary>
    public int Offset { get; }

    /// <summary>Length of the offending text (at least 1 when the template is not empty).</summary>
    public int Length { get; }
}
