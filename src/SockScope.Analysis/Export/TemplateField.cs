namespace SockScope.Analysis.Export;

/// <summary>One field specifier of a template: the information element, its encoded length and, for RFC 5103 reverse elements, the enterprise number.</summary>
/// <param name="Element">The information element number (without the enterprise bit).</param>
/// <param name="Length">Bytes the value takes in a data record.</param>
/// <param name="EnterpriseNumber">0 for IANA elements; <see cref="InformationElement.ReversePen"/> for reverse elements.</param>
public readonly record struct TemplateField(ushort Element, ushort Length, uint EnterpriseNumber = 0)
{
    /// <summary>True when the field carries the reverse direction's value (RFC 5103).</summary>
    public bool IsReverse => EnterpriseNumber == InformationElement.ReversePen;
    /// <summary>Bytes the field specifier takes in a template record (8 with an enterprise number).</summary>
    public int SpecifierLength => EnterpriseNumber == 0 ? 4 : 8;
}
