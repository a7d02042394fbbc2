using System;

namespace ExecToolkit.Templates;

/// <summary>One piece of a command line: literal shell text, or a placeholder for a value inserted later.</summary>
internal readonly struct ShellSegment : IEquatable<ShellSegment>
{
    private readonly string? _text;

    private ShellSegment(string? text, bool isPlaceholder)
    {
        _text = text;
        IsPlaceholder = isPlaceholder;
    }

    /// <summary>True for a placeholder, false for literal text.</summary>
    public bool IsPlaceholder { get; }

    /// <summary>The literal shell text; empty for a placeholder.</summary>
    /// <remarks>
    /// Named <c>LiteralText</c> rather than <c>Text</c> because C# does not allow a property and the
    /// <see cref="Text(string)"/> factory method to share a name.
    /// </remarks>
    public string LiteralText => _text ?? string.Empty;

    /// <summary>Creates a piece of literal shell text, read by the shell as written.</summary>
    /// <param name="text">The shell text.</param>
    /// <returns>The segment.</returns>
    public static ShellSegment Text(string text)
    {
        return new ShellSegment(text ?? throw new ArgumentNullException(nameof(text)), false);
    }

    /// <summary>Creates a placeholder: opaque word material that a value will replace.</summary>
    /// <returns>The segment.</returns>
    public static ShellSegment Placeholder() => new(null, true);

    /// <inheritdoc/>
    public bool Equals(ShellSegment other) => IsPlaceholder == other.IsPlaceholder && string.Equals(LiteralText, other.LiteralText, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ShellSegment other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => IsPlaceholder ? -1 : StringComparer.Ordinal.GetHashCode(LiteralText);

    /// <summary>Compares two segments.</summary>
    /// <param name="left">The first segment.</param>
    /// <param name="right">The second segment.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(ShellSegment left, ShellSegment right) => left.Equals(right);

    /// <summary>Compares two segments.</summary>
    /// <param name="left">The first segment.</param>
    /// <param name="right">The second segment.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(ShellSegment left, ShellSegment right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => IsPlaceholder ? "<placeholder>" : LiteralText;
}
