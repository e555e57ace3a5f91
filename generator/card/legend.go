package card

// LegendTitle is the title of the legend page (LegendPath).
const LegendTitle = "Reading the samples"

// Legend is the body of the legend page: what a sample card and its marks
// mean. Once per site; every chip links to it.
const Legend = `<p>Every request on this site was sent, while the site was built, to the docproof mock of the Buildkite
agent API, and the answer compared with the response documented under it. A request and its response are
shown together as one card; its <strong>Copy</strong> button copies the request only, the response has its own.</p>
<h2 id="verified">The verified mark</h2>
<p><span class="verified" role="img" aria-label="verified: example">verified</span> means the answer matched
what the card documents. Its tooltip says what was compared, for example “status 200 and 4 fields matched”:
the status code, the documented headers and every documented field (fields the card does not show may also
be in the answer).</p>
<h2 id="varies">Values that vary</h2>
<p>A value <a class="ph" href="#varies" title="varies: any UUID">underlined with dots</a> varies from one
call to the next, such as an ID, a time or a token: the card shows what the mock answered in this build, and
the check accepts any value of that kind. Its tooltip says which kind (“varies: any UUID”). Your answer will
hold other values there.</p>
<ul>
<li><strong>Tokens</strong> are never shown: a token reads as its kind followed by an ellipsis, such as
<code>bkaa_…</code> for an agent access token.</li>
<li>A mark in <em>italics</em> <a class="ph ph-unknown" href="#varies" title="varies: any value; no value from this build">agent-id</a>
names a value the card could not show from this build (its sample did not run here); its tooltip says what
kind of value goes there.</li>
</ul>
`
