using System;
using ExecToolkit.Sip;

namespace ExecToolkit;

/// <summary>One <c>SIP_*</c> variable of the environment block: an ASCII name and the value's exact bytes.</summary>
public sealed class SipEnvironmentVariable
{
    /// <summary>Creates a variable.</summary>
    public SipEnvironmentVariable(string name, ReadOnlyMemory<byte> value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Value = value;
    }

    /// <summary>The variable name (<c>SIP_HF_VIA</c>).</summary>
    public string Name { get; }

    /// <summary>The value's exact bytes (never containing NUL).</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>The value as text; bytes that are not UTF-8 are kept as escaped surrogates (see <see cref="SipText"/>).</summary>
    public string ValueText => SipText.Decode(Value.Span);

    /// <inheritdoc/>
    public override string ToString() => Name + "=" + ValueText;
}
