using System.Collections.Generic;

namespace ExecToolkit.Templates;

/// <summary>The result of <see cref="ShellScanner.Analyze"/>: placeholder contexts and the state at the end of the text.</summary>
internal sealed class ShellScanResult
{
    internal ShellScanResult(IReadOnlyList<ShellContext> contexts, int unterminatedAt, string? message)
    {
        Contexts = contexts;
        UnterminatedAt = unterminatedAt;
        Message = message;
    }

    /// <summary>The context of every placeholder, in order.</summary>
    public IReadOnlyList<ShellContext> Contexts { get; }

    /// <summary>
    /// The offset, in the concatenated literal text (placeholders contribute nothing), of the construct left open at
    /// the end of the text (a quote, <c>$(</c>, <c>`</c>, <c>${</c>, a here-document); -1 when everything is closed.
    /// </summary>
    public int UnterminatedAt { get; }

    /// <summary>A description of the unterminated construct, or null when <see cref="UnterminatedAt"/> is -1.</summary>
    public string? Message { get; }

    /// <summary>True when nothing is left open at the end of the text.</summary>
    public bool IsComplete => UnterminatedAt < 0;
}
