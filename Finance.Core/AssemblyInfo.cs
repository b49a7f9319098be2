using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Finance.Tests")]
