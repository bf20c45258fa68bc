namespace TicketKiosk.Contracts;

/// <summary>A ticket order at the kiosk, before any pricing rule is applied.</summary>
/// <param name="VisitDate">The day of the visit. Use it for weekday and season rules.</param>
/// <param name="Adults">Number of adult visitors (18 to 64 years).</param>
/// <param name="Children">Number of children (under 18 years).</param>
/// <param name="Seniors">Number of senior visitors (65 years and older).</param>
/// <param name="AdultPrice">List price of one adult ticket.</param>
/// <param name="ChildPrice">List price of one child ticket.</param>
/// <param name="SeniorPrice">List price of one senior ticket.</param>
public sealed record TicketOrder(
    DateOnly VisitDate,
    int Adults,
    int Children,
    int Seniors,
    decimal AdultPrice,
    decimal ChildPrice,
    decimal SeniorPrice)
{
    /// <summary>Gets the number of visitors in the order.</summary>
    public int GroupSize => Adults + Children + Seniors;

    /// <summary>Gets the list total of the order: every ticket at its list price.</summary>
    public decimal ListTotal => (Adults * AdultPrice) + (Children * ChildPrice) + (Seniors * SeniorPrice);
}
