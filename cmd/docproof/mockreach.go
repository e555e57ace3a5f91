package main

import (
	"fmt"
	"io"
	"net"
	"strings"
)

// ifaceNet is one address of a network interface: its name and network.
type ifaceNet struct {
	name string
	net  *net.IPNet
}

// interfaceNets lists the machine's interface addresses (not loopback).
func interfaceNets() []ifaceNet {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil
	}
	var out []ifaceNet
	for _, in := range ifs {
		if in.Flags&net.FlagUp == 0 || in.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, err := in.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() {
				out = append(out, ifaceNet{name: in.Name, net: n})
			}
		}
	}
	return out
}

// printReach says who can reach a mock listening on a (a non-loopback
// address, allowed by --allow-remote): the networks of the interfaces it
// listens on, and anything routed to them.
func printReach(w io.Writer, a *net.TCPAddr) { writeReach(w, a, interfaceNets()) }

func writeReach(w io.Writer, a *net.TCPAddr, nets []ifaceNet) {
	var reach []string
	for _, n := range nets {
		if a.IP.IsUnspecified() || n.net.IP.Equal(a.IP) {
			ones, _ := n.net.Mask.Size()
			network := &net.IPNet{IP: n.net.IP.Mask(n.net.Mask), Mask: n.net.Mask}
			reach = append(reach, fmt.Sprintf("  %s:%d — every machine on %s (interface %s, /%d) and anything routed to it",
				n.net.IP, a.Port, network, n.name, ones))
		}
	}
	fmt.Fprintf(w, "docproof mock: WARNING: --allow-remote: listening on %s, not only on this machine. Whoever reaches it "+
		"can read the mock's tokens and create jobs that an agent attached to the mock runs:\n", a)
	if len(reach) == 0 {
		reach = append(reach, "  every machine that can route to "+a.IP.String())
	}
	fmt.Fprintln(w, strings.Join(reach, "\n"))
	fmt.Fprintln(w, "docproof mock: requests must name this machine by an IP address or the --addr host; "+
		"browsers' cross-site requests stay refused")
}
