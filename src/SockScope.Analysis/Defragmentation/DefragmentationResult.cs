namespace SockScope.Analysis.Defragmentation;

/// <summary>What <see cref="IpDefragmenter.Process"/> did with one IP packet.</summary>
public enum DefragmentationResult : byte
{
    /// <summary>Not a fragment: the datagram is the packet itself.</summary>
    NotFragmented = 0,
    /// <summary>A fragment, held until the rest arrive.</summary>
    Held,
    /// <summary>This fragment completed a datagram; the datagram is the reassembled one.</summary>
    Reassembled,
    /// <summary>An exact copy of a fragment already held; ignored.</summary>
    Duplicate,
    /// <summary>The fragment overlapped another (IPv6, or IPv4 with <see cref="DefragmentationOptions.DropOverlappingIpv4"/>): the whole datagram was dropped.</summary>
    Overlap,
    /// <summary>Malformed (truncated, too long once reassembled, too many fragments, inconsistent end): the datagram was dropped.</summary>
    Invalid,
    /// <summary>The byte cap left no room even after evicting every older datagram: this datagram was dropped.</summary>
    Evicted,
}
