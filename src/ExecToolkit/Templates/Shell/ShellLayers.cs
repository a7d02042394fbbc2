using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Text;

namespace ExecToolkit.Templates;

/// <summary>
/// The constructs enclosing a position, as an immutable stack: each node adds one <see cref="ShellLayer"/> to the
/// stack it was pushed on, so the parser pushes once when it enters a construct and every position inside shares the
/// node. Enumeration goes outermost first; equality compares the kinds.
/// </summary>
internal sealed class ShellLayers : IEquatable<ShellLayers>, IEnumerable<ShellLayer>
{
    private readonly ShellLayers? _parent;
    private readonly ShellLayer? _innermost;
    private readonly int _hash;

    // Kept when the node is pushed, so that the parser's questions at every level take constant time, however deep.
    private readonly ShellLayer? _innermostOpaque;
    private readonly ShellLayer? _innermostSubstitution;
    private string? _letters;
    private ReadOnlyCollection<ShellLayerKind>? _kinds;

    private ShellLayers(ShellLayers? parent, ShellLayer? innermost)
    {
        _parent = parent;
        _innermost = innermost;
        if (parent != null && innermost != null)
        {
            Depth = parent.Depth + 1;
            _hash = unchecked((parent._hash * 31) + (int)innermost.Kind + 1);
            _innermostOpaque = innermost.IsTransparent ? parent._innermostOpaque : innermost;
            _innermostSubstitution = innermost.StartsCommandLine ? innermost : parent._innermostSubstitution;
        }
    }

    /// <summary>No layer: a bare word of the top-level command line.</summary>
    public static ShellLayers Empty { get; } = new(null, null);

    /// <summary>The number of layers.</summary>
    public int Depth { get; }

    /// <summary>True when there is no layer.</summary>
    public bool IsEmpty => Depth == 0;

    /// <summary>The innermost layer; null when <see cref="IsEmpty"/>.</summary>
    public ShellLayer? Innermost => _innermost;

    /// <summary>The layers outside <see cref="Innermost"/>; null when <see cref="IsEmpty"/>.</summary>
    public ShellLayers? Parent => _parent;

    /// <summary>The layers from the innermost outwards.</summary>
    public IEnumerable<ShellLayer> InnermostFirst
    {
        get
        {
            for (ShellLayers layers = this; layers._innermost != null; layers = layers._parent!)
            {
                yield return layers._innermost;
            }
        }
    }

    /// <summary>The kinds of the layers, outermost first.</summary>
    public IReadOnlyList<ShellLayerKind> Kinds
    {
        get
        {
            if (_kinds == null)
            {
                var kinds = new ShellLayerKind[Depth];
                int i = Depth;
                foreach (ShellLayer layer in InnermostFirst)
                {
                    kinds[--i] = layer.Kind;
                }

                _kinds = Array.AsReadOnly(kinds);
            }

            return _kinds;
        }
    }

    /// <summary>The innermost layer that is not transparent (<see cref="ShellLayer.IsTransparent"/>); null when there is none.</summary>
    public ShellLayer? InnermostOpaque => _innermostOpaque;

    /// <summary>
    /// The quoting in effect: that of the innermost opaque layer, so the quoting around <c>${...}</c> and <c>$((...))</c>
    /// shows through and none outside a command substitution does.
    /// </summary>
    public ShellQuoting InnermostQuoting => InnermostOpaque?.Quoting ?? ShellQuoting.None;

    /// <summary>The innermost layer unless it starts a command line: the layer of the local command line that holds the position.</summary>
    public ShellLayer? LocalInnermost => _innermost != null && !_innermost.StartsCommandLine ? _innermost : null;

    /// <summary>
    /// The layer under the innermost transparent ones within the local command line (single or double quotes or a
    /// here-document body); null when the position is bare there.
    /// </summary>
    public ShellLayer? Underlying
    {
        get
        {
            ShellLayer? opaque = InnermostOpaque;
            return opaque != null && !opaque.StartsCommandLine ? opaque : null;
        }
    }

    /// <summary>True when the position reads like the inside of double quotes, through any transparent layers.</summary>
    public bool ReadsLikeDoubleQuotes => InnermostOpaque?.ReadsLikeDoubleQuotes == true;

    /// <summary>The innermost command substitution; null outside any.</summary>
    public ShellLayer? InnermostSubstitution => _innermostSubstitution;

    /// <summary>The stack with <paramref name="kind"/> added inside.</summary>
    /// <param name="kind">The construct entered.</param>
    /// <returns>The new stack; this one is unchanged.</returns>
    public ShellLayers Push(ShellLayerKind kind) => new(this, ShellLayer.Of(kind));

    /// <summary>The number of layers that match <paramref name="predicate"/>.</summary>
    /// <param name="predicate">A question about a layer.</param>
    /// <returns>The count.</returns>
    public int Count(Func<ShellLayer, bool> predicate)
    {
        int count = 0;
        foreach (ShellLayer layer in InnermostFirst)
        {
            if (predicate(layer))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>True when some layer matches <paramref name="predicate"/>.</summary>
    /// <param name="predicate">A question about a layer.</param>
    /// <returns>True when one matches.</returns>
    public bool Any(Func<ShellLayer, bool> predicate) => Count(predicate) > 0;

    /// <summary>The layers, outermost first.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<ShellLayer> GetEnumerator()
    {
        foreach (ShellLayerKind kind in Kinds)
        {
            yield return ShellLayer.Of(kind);
        }
    }

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(ShellLayers? other)
    {
        if (other is null || other.Depth != Depth || other._hash != _hash)
        {
            return false;
        }

        ShellLayers left = this;
        ShellLayers right = other;
        while (!ReferenceEquals(left, right))
        {
            if (left._innermost != right._innermost)
            {
                return false;
            }

            left = left._parent!;
            right = right._parent!;
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ShellLayers);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <summary>The letters of the layers, outermost first (the notation of <see cref="ShellContext.Layers"/>).</summary>
    /// <returns>The letters; empty for no layer.</returns>
    public override string ToString()
    {
        if (_letters == null)
        {
            var letters = new StringBuilder(Depth);
            foreach (ShellLayer layer in this)
            {
                letters.Append(layer.Letter);
            }

            _letters = letters.ToString();
        }

        return _letters;
    }
}
