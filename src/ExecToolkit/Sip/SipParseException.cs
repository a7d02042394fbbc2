using System;
using System.Globalization;

namespace ExecToolkit.Sip;

/// <summary>A message Kamailio 5.6 could not parse, with what is wrong and where.</summary>
[Serializable]
public sealed class SipParseException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public SipParseException(string reason, int line, int offset)
        : base(reason + " at line " + line.ToString(CultureInfo.InvariantCulture) + " (offset " + offset.ToString(CultureInfo.InvariantCulture) + ")")
    {
        Reason = reason;
        Line = line;
        Offset = offset;
    }

    /// <summary>Creates an exception with a generic message.</summary>
    public SipParseException()
        : this("malformed SIP message", 1, 0)
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public SipParseException(string message)
        : this(message, 1, 0)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public SipParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
        Line = 1;
    }

    /// <summary>What is wrong.</summary>
    public string Reason { get; } = "";

    /// <summary>1-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>Byte offset of the problem in the message.</summary>
    public int Offset { get; }
}
