export const id = 855;
export const ids = [855];
export const modules = {

/***/ 6855:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseReleaseConfig: () => (/* binding */ parseReleaseConfig)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8382);


const FORMAT_HINT = 'See https://docs.github.com/en/repositories/releasing-projects-on-github/automatically-generated-release-notes for the format.';
class ConfigReader {
    #file;
    #lines;
    constructor(file, lines) {
        this.#file = file;
        this.#lines = lines;
    }
    fail(node, problem) {
        const line = node?.range ? this.#lines.linePos(node.range[0]).line : 1;
        return new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`${this.#file} line ${line}: ${problem}. Fix the file or remove it to use the built-in categories. ${FORMAT_HINT}`);
    }
    strings(node, what) {
        if (node === undefined || node === null)
            return [];
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node))
            throw this.fail(node, `${what} must be a list`);
        return node.items.map((item) => {
            if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(item) || item.value === null || typeof item.value === 'object')
                throw this.fail(item, `${what} must only hold names`);
            return String(item.value);
        });
    }
    map(node, what) {
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node))
            throw this.fail(node, `${what} must be a mapping`);
        return node;
    }
}
/** Parses the file text; every error names the file and the line to fix. */
function parseReleaseConfig(text, file) {
    const lines = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .LineCounter */ .HN();
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(text, { lineCounter: lines, prettyErrors: false });
    const reader = new ConfigReader(file, lines);
    const [syntax] = doc.errors;
    if (syntax) {
        // An error at the end of input (an unclosed bracket) points at the last line that has text.
        const line = Math.max(1, Math.min(lines.linePos(syntax.pos[0]).line, text.trimEnd().split('\n').length));
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`${file} line ${line}: not valid YAML (${syntax.message.split('\n')[0]}). Fix the file or remove it. ${FORMAT_HINT}`);
    }
    if (doc.contents === null)
        return { excludeLabels: [], excludeAuthors: [], categories: [] };
    const root = reader.map(doc.contents, 'the file');
    const changelog = root.get('changelog', true);
    if (changelog === undefined)
        throw reader.fail(root, "there is no 'changelog:' key");
    const body = reader.map(changelog, "'changelog'");
    const exclude = body.get('exclude', true);
    const excludeMap = exclude === undefined ? undefined : reader.map(exclude, "'changelog.exclude'");
    const categoriesNode = body.get('categories', true);
    if (categoriesNode !== undefined && !(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(categoriesNode))
        throw reader.fail(categoriesNode, "'changelog.categories' must be a list");
    const categories = (categoriesNode?.items ?? []).map((item) => {
        const category = reader.map(item, 'each category');
        const title = category.get('title', true);
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(title) || typeof title.value !== 'string' || title.value.trim() === '') {
            throw reader.fail(title ?? category, 'each category needs a non-empty title');
        }
        const labels = reader.strings(category.get('labels', true), `'labels' of category '${title.value}'`);
        if (labels.length === 0)
            throw reader.fail(category, `category '${title.value}' has no labels (use '*' for everything else)`);
        const own = category.get('exclude', true);
        const ownMap = own === undefined ? undefined : reader.map(own, `'exclude' of category '${title.value}'`);
        return {
            title: title.value.trim(),
            labels,
            excludeLabels: reader.strings(ownMap?.get('labels', true), `'exclude.labels' of category '${title.value}'`),
            excludeAuthors: reader.strings(ownMap?.get('authors', true), `'exclude.authors' of category '${title.value}'`),
        };
    });
    return {
        excludeLabels: reader.strings(excludeMap?.get('labels', true), "'changelog.exclude.labels'"),
        excludeAuthors: reader.strings(excludeMap?.get('authors', true), "'changelog.exclude.authors'"),
        categories,
    };
}


/***/ })

};
