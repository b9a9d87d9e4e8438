package sori.chat;

import java.util.Locale;

/**
 * Who a ban covers, in one of three forms: a name ({@code spammer}: that name, compared as names are,
 * look-alikes included), a name glob ({@code spam*}, {@code ?ob}), or an address glob after an {@code @}
 * ({@code @10.0.0.*}, {@code *@10.0.0.*}, or {@code spam*@10.0.0.*} for both at once). {@code *} is any run
 * of characters and {@code ?} one character; globs compare without case. An address is the connection's
 * IP address as the server sees it ({@code 127.0.0.1}, {@code ::1}), without its port.
 *
 * @param text    the canonical form, the key a ban is kept and lifted under
 * @param name    a folded name, a lower-case name glob, or null (any name)
 * @param exact   {@code name} is a folded name, not a glob
 * @param address a lower-case address glob, or null (any address)
 */
record Mask(String text, String name, boolean exact, String address) {

    /** The mask {@code typed} says, or null when it is none of the forms. */
    static Mask parse(String typed) {
        String s = Names.normalize(typed);
        int at = s.indexOf('@');
        if (at >= 0) {
            String n = s.substring(0, at);
            String a = s.substring(at + 1).toLowerCase(Locale.ROOT);
            if (a.isEmpty() || !a.matches("[0-9a-f.:*?]+") || n.indexOf('@') >= 0) {
                return null;
            }
            boolean anyName = n.isEmpty() || n.equals("*");
            Mask name = anyName ? null : parse(n);
            if (!anyName && (name == null || name.address() != null)
                    || anyName && a.chars().allMatch(c -> c == '*' || c == '?')) {
                return null; // not a name before the @, or everyone from everywhere
            }
            String nameText = name == null ? "*" : name.text();
            return new Mask(nameText + "@" + a, name == null ? null : name.name(), name != null && name.exact(), a);
        }
        if (s.indexOf('*') >= 0 || s.indexOf('?') >= 0) {
            String glob = s.toLowerCase(Locale.ROOT);
            if (!glob.matches("[\\p{L}\\p{N}_.*?-]+") || glob.chars().allMatch(c -> c == '*' || c == '?')) {
                return null; // a glob of wildcards only would ban everyone: say so with an address mask
            }
            return new Mask(glob, glob, false, null);
        }
        if (Names.problem(s) != null) {
            return null;
        }
        String key = Names.fold(s);
        return new Mask(key, key, true, null);
    }

    /** An address ({@code 10.0.0.7}, or a glob of one) given bare, as {@code /sban} takes it. */
    static boolean looksLikeAddress(String s) {
        return s.indexOf(':') >= 0 || s.matches("[0-9*?]+(\\.[0-9*?]+){1,3}");
    }

    /** True when the user called {@code userName}, connected from {@code host}, is covered. */
    boolean matches(String userName, String host) {
        if (name != null) {
            if (userName == null) {
                return false;
            }
            boolean hit = exact ? Names.fold(userName).equals(name)
                    : glob(name, Names.normalize(userName).toLowerCase(Locale.ROOT));
            if (!hit) {
                return false;
            }
        }
        if (address != null) {
            return host != null && glob(address, bare(host));
        }
        return true;
    }

    /** True when this mask only looks at addresses, so it can be checked before a name is chosen. */
    boolean addressOnly() {
        return name == null;
    }

    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** {@code *} any run, {@code ?} any one character; iterative, with one backtrack point (no blow-up). */
    static boolean glob(String pattern, String s) {
        int p = 0;
        int i = 0;
        int star = -1;
        int mark = 0;
        while (i < s.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == s.charAt(i))) {
                p++;
                i++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = i;
            } else if (star >= 0) {
                p = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
