#!/usr/bin/env node
// Syntax check of every .bicep file under infra/ with the tree-sitter-bicep grammar.
// The Bicep CLI cannot run offline (it downloads itself), so this is the build's guard against
// a broken template: it reports every ERROR and MISSING node as file:line:column and exits 1.
// Usage: node tools/node/check-bicep.js [root]   (root defaults to the repository's infra/)
'use strict';

const fs = require('fs');
const path = require('path');
const Parser = require('tree-sitter');
const Bicep = require('tree-sitter-bicep');

function bicepFiles(dir) {
    const found = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            found.push(...bicepFiles(full));
        } else if (entry.isFile() && entry.name.endsWith('.bicep')) {
            found.push(full);
        }
    }
    return found.sort();
}

function problems(tree) {
    const found = [];
    const cursor = tree.walk();
    let descend = true;
    for (;;) {
        const node = cursor.currentNode;
        if (descend && (node.type === 'ERROR' || node.isMissing)) {
            found.push(node);
            descend = false; // one report per broken region, not one per token inside it
        }
        if (descend && cursor.gotoFirstChild()) {
            continue;
        }
        descend = true;
        while (!cursor.gotoNextSibling()) {
            if (!cursor.gotoParent()) {
                return found;
            }
        }
    }
}

function describe(node, source) {
    if (node.isMissing) {
        return `missing ${node.type}`;
    }
    const text = source.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 60)).replace(/\s+/g, ' ');
    return `syntax error near '${text}'`;
}

function main() {
    const root = path.resolve(process.argv[2] || path.join(__dirname, '..', '..', 'infra'));
    if (!fs.existsSync(root)) {
        console.error(`check-bicep: ${root} does not exist`);
        return 2;
    }
    const files = bicepFiles(root);
    if (files.length === 0) {
        console.error(`check-bicep: no .bicep files under ${root}`);
        return 2;
    }
    const parser = new Parser();
    parser.setLanguage(Bicep);
    let errors = 0;
    for (const file of files) {
        const source = fs.readFileSync(file, 'utf8');
        // A chunked reader: the node binding's plain-string input is limited to 32 KiB.
        const tree = parser.parse((index) => (index < source.length ? source.slice(index, index + 8192) : null));
        const rel = path.relative(process.cwd(), file);
        for (const node of problems(tree)) {
            errors++;
            const { row, column } = node.startPosition;
            console.error(`${rel}:${row + 1}:${column + 1}: ${describe(node, source)}`);
        }
    }
    if (errors > 0) {
        console.error(`check-bicep: ${errors} syntax error(s) in ${files.length} file(s)`);
        return 1;
    }
    console.log(`check-bicep: ${files.length} file(s) parse cleanly`);
    return 0;
}

process.exitCode = main();
