// Phone inputs show the example number of the country chosen on the same form (one example per
// country, the one the server names in its messages). Without this script the placeholder shows
// the example of the country the page was rendered with.

for (const input of document.querySelectorAll("input[data-phone-examples]")) {
  const examples = JSON.parse(input.dataset.phoneExamples || "{}");
  const country = input.form?.elements.namedItem(input.dataset.phoneCountryField || "country");
  if (!country || !("value" in country)) continue;
  const follow = () => {
    input.placeholder = examples[country.value] || input.dataset.phoneDefault || "";
  };
  country.addEventListener("change", follow);
  follow();
}
