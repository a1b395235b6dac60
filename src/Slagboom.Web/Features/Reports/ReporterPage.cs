namespace Slagboom.Web.Features.Reports;

/// <summary>Helpers shared by the public reporting pages.</summary>
public static class ReporterPage
{
    /// <summary>The query string that keeps the page's language across links and form posts (Dutch needs none).</summary>
    public static string Lang => Slagboom.Web.Infrastructure.Texts.IsEnglish ? "?lang=en" : "";

    public static string LangAnd => Slagboom.Web.Infrastructure.Texts.IsEnglish ? "&lang=en" : "";
}
